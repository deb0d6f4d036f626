/**
 * Where to place a bassin de vie on a map when a stop has no coordinates of its own: the
 * main town the bassin is named after (WGS 84, about 100 m precision; public geographic
 * facts). Keyed by territory code, for the 23 bassins of the bundled Centre-Val de Loire data.
 */
export const BASSIN_CENTRES: Readonly<Record<string, { latitude: number; longitude: number }>> = {
  'bv-18-bourges': { latitude: 47.081, longitude: 2.3988 },
  'bv-18-vierzon': { latitude: 47.222, longitude: 2.069 },
  'bv-18-saint-amand-montrond': { latitude: 46.7228, longitude: 2.505 },
  'bv-18-aubigny-sur-nere': { latitude: 47.4886, longitude: 2.4394 },
  'bv-28-chartres': { latitude: 48.4439, longitude: 1.489 },
  'bv-28-dreux': { latitude: 48.737, longitude: 1.366 },
  'bv-28-chateaudun': { latitude: 48.0708, longitude: 1.3381 },
  'bv-28-nogent-le-rotrou': { latitude: 48.3217, longitude: 0.8217 },
  'bv-36-chateauroux': { latitude: 46.8103, longitude: 1.6913 },
  'bv-36-issoudun': { latitude: 46.9481, longitude: 1.9933 },
  'bv-36-la-chatre': { latitude: 46.5819, longitude: 1.9878 },
  'bv-36-le-blanc': { latitude: 46.6339, longitude: 1.0628 },
  'bv-37-tours': { latitude: 47.3941, longitude: 0.6848 },
  'bv-37-amboise': { latitude: 47.4125, longitude: 0.9825 },
  'bv-37-loches': { latitude: 47.1286, longitude: 0.9953 },
  'bv-37-chinon': { latitude: 47.1675, longitude: 0.2425 },
  'bv-41-blois': { latitude: 47.5861, longitude: 1.3359 },
  'bv-41-vendome': { latitude: 47.7928, longitude: 1.0656 },
  'bv-41-romorantin-lanthenay': { latitude: 47.3589, longitude: 1.7414 },
  'bv-45-orleans': { latitude: 47.903, longitude: 1.9093 },
  'bv-45-montargis': { latitude: 47.9975, longitude: 2.7328 },
  'bv-45-gien': { latitude: 47.6878, longitude: 2.6306 },
  'bv-45-pithiviers': { latitude: 48.1719, longitude: 2.2519 },
};
