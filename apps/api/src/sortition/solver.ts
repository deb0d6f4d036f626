import loadHighs from 'highs';
import type { Highs } from 'highs';

let runtime: Promise<Highs> | undefined;

/**
 * The HiGHS WebAssembly runtime, loaded once per process (loading compiles ~3.5 MB of
 * WebAssembly; solves are synchronous afterwards). Node finds `highs.wasm` beside the loader.
 */
export function getHighs(): Promise<Highs> {
  if (!runtime) {
    runtime = loadHighs().catch((error: unknown) => {
      runtime = undefined;
      throw error;
    });
  }
  return runtime;
}

/**
 * Options for every model: silent, single-threaded by construction (WebAssembly), no time limit
 * (a time limit would make results depend on the machine's speed), fixed random seed.
 */
export const DETERMINISTIC_OPTIONS = {
  output_flag: false,
  random_seed: 0,
} as const;

/** The master LP gains columns one round after another: primal simplex warm-starts best. */
export const MASTER_LP_OPTIONS = {
  ...DETERMINISTIC_OPTIONS,
  simplex_strategy: 4,
} as const;

/**
 * Options for integer programs where a good panel will do (HiGHS's default 1e-4 relative gap;
 * presolve off: the profile-level programs are small and are solved hundreds of times).
 */
export const FAST_MIP_OPTIONS = {
  ...DETERMINISTIC_OPTIONS,
  presolve: 'off',
} as const;

/** Options for integer programs that must be solved to proven optimality. */
export const EXACT_MIP_OPTIONS = {
  ...DETERMINISTIC_OPTIONS,
  mip_rel_gap: 1e-9,
  mip_abs_gap: 1e-9,
} as const;
