import { SortitionInputError } from './errors';
import { compareCodeUnits, sha256Hex } from './prng';
import {
  SORTITION_ALGORITHM_VERSION,
  type Profile,
  type Quota,
  type ReplacementInstance,
  type SortitionInstance,
  type Volunteer,
} from './types';

/** A quota in canonical order, with its bounds adjusted for confirmed members. */
export interface CanonicalQuota {
  /** The caller's quota object (named back in errors). */
  readonly quota: Quota;
  readonly featureIndex: number;
  /** Confirmed members with this value (0 outside replacement draws). */
  readonly confirmed: number;
  /** Seats still required: max(0, quota.min − confirmed). */
  readonly min: number;
  /** Seats still allowed: quota.max − confirmed (negative when confirmed members exceed it). */
  readonly max: number;
  /** Eligible (not confirmed, not excluded) volunteers with this value. */
  readonly available: number;
  /** Profiles with this value, as indices into `Problem.profiles`. */
  readonly profileIndices: readonly number[];
}

/** The canonical form of an instance that every algorithm here works on. */
export interface Problem {
  readonly instanceDigest: string;
  readonly panelSize: number;
  /** panelSize minus the confirmed members. */
  readonly seatsToFill: number;
  /** Features that have at least one quota, sorted. */
  readonly features: readonly string[];
  /** Quotas sorted by (feature, value). */
  readonly quotas: readonly CanonicalQuota[];
  /** Eligible volunteers, sorted by id. */
  readonly candidates: readonly Volunteer[];
  /** Confirmed members, sorted by id. */
  readonly confirmed: readonly Volunteer[];
  /** Profiles of the eligible volunteers, sorted by key. */
  readonly profiles: readonly Profile[];
  /** For each profile, the indices of the quotas it counts for. */
  readonly profileQuotas: readonly (readonly number[])[];
}

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

function featureValue(volunteer: Volunteer, feature: string): string | null {
  return hasOwn(volunteer.features, feature) ? volunteer.features[feature] : null;
}

function validate(instance: ReplacementInstance): string[] {
  const problems: string[] = [];
  const { pool, panelSize, quotas, confirmed, excluded } = instance;
  if (!Array.isArray(pool)) problems.push('pool must be an array');
  if (!Number.isSafeInteger(panelSize) || panelSize < 1) {
    problems.push(`panelSize must be a positive integer, got ${String(panelSize)}`);
  }
  const ids = new Set<string>();
  for (const [index, volunteer] of (Array.isArray(pool) ? pool : []).entries()) {
    if (typeof volunteer?.id !== 'string' || volunteer.id === '') {
      problems.push(`pool[${index}] has no id`);
      continue;
    }
    if (ids.has(volunteer.id))
      problems.push(`duplicate volunteer id ${JSON.stringify(volunteer.id)}`);
    ids.add(volunteer.id);
    if (typeof volunteer.features !== 'object' || volunteer.features === null) {
      problems.push(`volunteer ${JSON.stringify(volunteer.id)} has no features object`);
      continue;
    }
    for (const [feature, value] of Object.entries(volunteer.features)) {
      if (typeof value !== 'string') {
        problems.push(
          `volunteer ${JSON.stringify(volunteer.id)}: feature ${JSON.stringify(feature)} is not a string`,
        );
      }
    }
  }
  const quotaKeys = new Set<string>();
  for (const [index, quota] of (Array.isArray(quotas) ? quotas : []).entries()) {
    const label = `quota ${index} (${JSON.stringify(quota?.feature)}=${JSON.stringify(quota?.value)})`;
    if (typeof quota?.feature !== 'string' || typeof quota.value !== 'string') {
      problems.push(`${label}: feature and value must be strings`);
      continue;
    }
    if (!Number.isSafeInteger(quota.min) || !Number.isSafeInteger(quota.max)) {
      problems.push(`${label}: min and max must be integers`);
    } else if (quota.min < 0 || quota.min > quota.max) {
      problems.push(`${label}: needs 0 <= min <= max, got min ${quota.min}, max ${quota.max}`);
    }
    const key = JSON.stringify([quota.feature, quota.value]);
    if (quotaKeys.has(key)) problems.push(`${label} is given twice`);
    quotaKeys.add(key);
  }
  if (!Array.isArray(quotas)) problems.push('quotas must be an array');
  const seenSpecial = new Map<string, string>();
  for (const [listName, list] of [
    ['confirmed', confirmed],
    ['excluded', excluded],
  ] as const) {
    for (const id of list) {
      if (!ids.has(id)) problems.push(`${listName} id ${JSON.stringify(id)} is not in the pool`);
      const previous = seenSpecial.get(id);
      if (previous !== undefined) {
        problems.push(`id ${JSON.stringify(id)} is listed in ${previous} and in ${listName}`);
      }
      seenSpecial.set(id, listName);
    }
  }
  if (Number.isSafeInteger(panelSize) && confirmed.length > panelSize) {
    problems.push(`${confirmed.length} confirmed members for ${panelSize} seats`);
  }
  return problems;
}

/**
 * The canonical JSON text of an instance, whose SHA-256 is the instance digest: algorithm
 * version, panel size, quotas sorted by (feature, value), volunteers sorted by id with their
 * features as [name, value] pairs sorted by name, then the confirmed and excluded ids sorted.
 * Sorting is by UTF-16 code units, never by locale.
 */
export function canonicalInstanceJson(instance: SortitionInstance | ReplacementInstance): string {
  const confirmed = 'confirmed' in instance ? instance.confirmed : [];
  const excluded = 'excluded' in instance ? instance.excluded : [];
  const quotas = [...instance.quotas]
    .map((q) => ({ feature: q.feature, value: q.value, min: q.min, max: q.max }))
    .sort((a, b) => compareCodeUnits(a.feature, b.feature) || compareCodeUnits(a.value, b.value));
  const pool = [...instance.pool]
    .sort((a, b) => compareCodeUnits(a.id, b.id))
    .map((v) => ({
      id: v.id,
      features: Object.entries(v.features).sort((a, b) => compareCodeUnits(a[0], b[0])),
    }));
  return JSON.stringify({
    format: 'permanente.sortition-instance/1',
    algorithmVersion: SORTITION_ALGORITHM_VERSION,
    panelSize: instance.panelSize,
    quotas,
    pool,
    confirmed: [...confirmed].sort(compareCodeUnits),
    excluded: [...excluded].sort(compareCodeUnits),
  });
}

/** Validates an instance and builds its canonical form; throws SortitionInputError. */
export function buildProblem(input: SortitionInstance | ReplacementInstance): Problem {
  const instance: ReplacementInstance = {
    pool: input.pool,
    panelSize: input.panelSize,
    quotas: input.quotas,
    confirmed: 'confirmed' in input ? input.confirmed : [],
    excluded: 'excluded' in input ? input.excluded : [],
  };
  const problems = validate(instance);
  if (problems.length > 0) throw new SortitionInputError(problems);

  const instanceDigest = sha256Hex(canonicalInstanceJson(instance));
  const confirmedIds = new Set(instance.confirmed);
  const excludedIds = new Set(instance.excluded);
  const byId = (a: Volunteer, b: Volunteer) => compareCodeUnits(a.id, b.id);
  const candidates = instance.pool
    .filter((v) => !confirmedIds.has(v.id) && !excludedIds.has(v.id))
    .sort(byId);
  const confirmed = instance.pool.filter((v) => confirmedIds.has(v.id)).sort(byId);

  const sortedQuotas = [...instance.quotas].sort(
    (a, b) => compareCodeUnits(a.feature, b.feature) || compareCodeUnits(a.value, b.value),
  );
  const features = [...new Set(sortedQuotas.map((q) => q.feature))].sort(compareCodeUnits);

  // Group the candidates by their values on the quota features.
  const groups = new Map<string, { values: (string | null)[]; ids: string[] }>();
  for (const volunteer of candidates) {
    const values = features.map((feature) => featureValue(volunteer, feature));
    const key = JSON.stringify(values);
    const group = groups.get(key);
    if (group) group.ids.push(volunteer.id);
    else groups.set(key, { values, ids: [volunteer.id] });
  }
  const sortedGroups = [...groups.entries()].sort((a, b) => compareCodeUnits(a[0], b[0]));
  const profileValues = sortedGroups.map(([, group]) => group.values);
  const profiles: Profile[] = sortedGroups.map(([key, group]) => ({
    key,
    // fromEntries defines own properties, even for a feature named "__proto__".
    features: Object.fromEntries(
      features.flatMap((feature, index) => {
        const value = group.values[index];
        return value === null ? [] : [[feature, value] as const];
      }),
    ),
    memberIds: group.ids,
  }));

  const quotas: CanonicalQuota[] = sortedQuotas.map((quota) => {
    const featureIndex = features.indexOf(quota.feature);
    const confirmedCount = confirmed.filter(
      (v) => featureValue(v, quota.feature) === quota.value,
    ).length;
    const profileIndices: number[] = [];
    let available = 0;
    profiles.forEach((profile, index) => {
      if (profileValues[index][featureIndex] === quota.value) {
        profileIndices.push(index);
        available += profile.memberIds.length;
      }
    });
    return {
      quota,
      featureIndex,
      confirmed: confirmedCount,
      min: Math.max(0, quota.min - confirmedCount),
      max: quota.max - confirmedCount,
      available,
      profileIndices,
    };
  });
  const profileQuotas: number[][] = profiles.map(() => []);
  quotas.forEach((quota, quotaIndex) => {
    for (const profileIndex of quota.profileIndices) profileQuotas[profileIndex].push(quotaIndex);
  });

  return {
    instanceDigest,
    panelSize: instance.panelSize,
    seatsToFill: instance.panelSize - confirmed.length,
    features,
    quotas,
    candidates,
    confirmed,
    profiles,
    profileQuotas,
  };
}

/** Whether a composition (members per profile) fills the seats and meets every quota. */
export function compositionSatisfies(problem: Problem, counts: readonly number[]): boolean {
  if (counts.length !== problem.profiles.length) return false;
  let total = 0;
  for (const [index, count] of counts.entries()) {
    if (!Number.isInteger(count) || count < 0 || count > problem.profiles[index].memberIds.length) {
      return false;
    }
    total += count;
  }
  if (total !== problem.seatsToFill) return false;
  return problem.quotas.every((quota) => {
    const seated = quota.profileIndices.reduce((sum, index) => sum + counts[index], 0);
    return seated >= quota.min && seated <= quota.max;
  });
}

/**
 * Whether a concrete panel (ids, confirmed members included) has `panelSize` distinct members of
 * the pool and meets every quota as the caller wrote it. Used by tests and by auditors.
 */
export function panelSatisfiesQuotas(
  instance: SortitionInstance,
  panel: readonly string[],
): boolean {
  if (new Set(panel).size !== panel.length || panel.length !== instance.panelSize) return false;
  const byId = new Map(instance.pool.map((v) => [v.id, v] as const));
  const members = panel.map((id) => byId.get(id));
  if (members.some((member) => member === undefined)) return false;
  return instance.quotas.every((quota) => {
    const seated = members.filter(
      (member) => member !== undefined && featureValue(member, quota.feature) === quota.value,
    ).length;
    return seated >= quota.min && seated <= quota.max;
  });
}
