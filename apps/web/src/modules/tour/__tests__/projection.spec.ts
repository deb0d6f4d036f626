import { BASSIN_CENTRES } from '@permanente/contracts';
import { DEPARTEMENT_SHAPES, REGION_VIEW_BOX } from '../map/centre-val-de-loire.map';
import { isInside, pathRings, project } from '../map/projection';

const shape = (code: string) => pathRings(DEPARTEMENT_SHAPES.find((d) => d.code === code)!.path);

describe('the map projection', () => {
  it('places each of the 23 bassin towns inside its own département, and no other', () => {
    const codes = Object.keys(BASSIN_CENTRES);
    expect(codes).toHaveLength(23);
    for (const code of codes) {
      const departement = code.slice(3, 5);
      const { latitude, longitude } = BASSIN_CENTRES[code];
      const point = project(latitude, longitude);
      const containing = DEPARTEMENT_SHAPES.filter((d) => isInside(shape(d.code), point)).map(
        (d) => d.code,
      );
      expect({ code, containing }).toEqual({ code, containing: [departement] });
    }
  });

  it('keeps the whole region inside the cropped view box', () => {
    const points = DEPARTEMENT_SHAPES.flatMap((d) => pathRings(d.path).flat());
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    expect(Math.min(...xs)).toBeGreaterThan(REGION_VIEW_BOX.x);
    expect(Math.max(...xs)).toBeLessThan(REGION_VIEW_BOX.x + REGION_VIEW_BOX.width);
    expect(Math.min(...ys)).toBeGreaterThan(REGION_VIEW_BOX.y);
    expect(Math.max(...ys)).toBeLessThan(REGION_VIEW_BOX.y + REGION_VIEW_BOX.height);
  });

  it('parses closed rings and tells inside from outside', () => {
    const square = pathRings('m 0,0 10,0 0,10 -10,0 z');
    expect(square).toEqual([
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 10 },
        { x: 0, y: 10 },
      ],
    ]);
    expect(isInside(square, { x: 5, y: 5 })).toBe(true);
    expect(isInside(square, { x: 15, y: 5 })).toBe(false);
    // Orléans is north of Bourges: a smaller y on the map.
    expect(project(47.903, 1.9093).y).toBeLessThan(project(47.081, 2.3988).y);
  });
});
