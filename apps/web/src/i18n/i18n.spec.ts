import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { en } from './messages.en';
import { fr as frParticipant } from './messages.fr';
import { frStaff } from './messages.fr.staff';
import { loadCatalogue, translate } from './i18n';
import type { MessageKey } from './i18n-types';

const fr: Record<MessageKey, string> = { ...frParticipant, ...frStaff };
const SOURCE = resolve(__dirname, '..');

/**
 * The source files of the participant's screens: what main.tsx imports, statically or lazily,
 * except the staff and public shell (app/StaffApp) and the other languages.
 */
function participantFiles(): string[] {
  const seen = new Set<string>();
  const pending = [join(SOURCE, 'main.tsx')];
  const importRe =
    /(?:import|export)\s[^'"]*?from\s*'((?:\.|@web\/)[^']+)'|import\(\s*'((?:\.|@web\/)[^']+)'\s*\)|^import\s+'((?:\.|@web\/)[^']+)'/gm;
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(importRe)) {
      const spec = match[1] ?? match[2] ?? match[3];
      // `@web/...` is the app's path alias for src/ (tsconfig, Vite, Jest).
      const base = spec.startsWith('@web/')
        ? join(SOURCE, spec.slice('@web/'.length))
        : resolve(dirname(file), spec);
      const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx']
        .map((suffix) => base + suffix)
        .find((path) => existsSync(path) && !path.endsWith('/'));
      if (!found || /\.(css|svg|png)$/.test(found)) continue;
      const name = relative(SOURCE, found).replace(/\.tsx?$/, '');
      if (name === 'app/StaffApp' || name.startsWith('i18n/messages.')) continue;
      pending.push(found);
    }
  }
  return [...seen];
}

// Parameter names, plain or with a format ({count, plural, ...}, {name, de}).
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)\s*[,}]/g)].map((m) => m[1]))].sort();

describe('i18n', () => {
  beforeAll(() => loadCatalogue('en'));

  it('has the message of every key the participant’s screens use in their first download', () => {
    const files = participantFiles();
    expect(files.map((file) => relative(SOURCE, file))).toEqual(
      expect.arrayContaining(['modules/participant/components/JoinPage.tsx', 'main.tsx']),
    );
    expect(files.some((file) => file.endsWith('StaffApp.tsx'))).toBe(false);
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const [, key] of source.matchAll(/['"`]([a-zA-Z]+(?:\.[\w+-]+)+)['"`]/g))
        if (key in fr) used.add(key);
      for (const [, prefix] of source.matchAll(/`([a-zA-Z]+(?:\.[\w-]+)*\.)\$\{/g))
        prefixes.add(prefix);
    }
    for (const key of Object.keys(fr))
      if ([...prefixes].some((p) => key.startsWith(p))) used.add(key);
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((key) => !(key in frParticipant)).sort();
    expect(missing).toEqual([]);
    // And nothing in both catalogues.
    expect(Object.keys(frStaff).filter((key) => key in frParticipant)).toEqual([]);
  });

  it('has every French message in English with the same placeholders', () => {
    const keys = Object.keys(fr) as MessageKey[];
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect({ key, placeholders: placeholders(en[key]) }).toEqual({
        key,
        placeholders: placeholders(fr[key]),
      });
      expect(en[key].trim()).not.toBe('');
    }
  });

  it('fills placeholders and formats numbers for the locale', () => {
    expect(translate('fr', 'territories.population', { count: 2587031 })).toMatch(
      /^2\s587\s031 habitants$/,
    );
    expect(translate('en', 'territories.population', { count: 2587031 })).toBe(
      '2,587,031 inhabitants',
    );
    expect(translate('fr', 'join.resume', { title: 'Fabrik de Vierzon' })).toContain(
      '« Fabrik de Vierzon »',
    );
  });

  it('says plurals in full words, never "(s)", in both languages', () => {
    for (const [key, text] of [...Object.entries(fr), ...Object.entries(en)])
      expect({ key, text }).toEqual({ key, text: expect.not.stringMatching(/\((s|e|es|x)\)/) });
    expect(translate('fr', 'live.results.voters', { count: 0 })).toBe('0 votant');
    expect(translate('fr', 'live.results.voters', { count: 1 })).toBe('1 votant');
    expect(translate('fr', 'live.results.voters', { count: 2 })).toBe('2 votants');
    expect(translate('en', 'live.results.voters', { count: 1 })).toBe('1 voter');
    expect(translate('en', 'live.results.voters', { count: 0 })).toBe('0 voters');
  });

  it('elides "de" before the names of places', () => {
    expect(translate('fr', 'tour.planning.deleted', { name: 'Orléans' })).toBe(
      'L’étape d’Orléans est supprimée.',
    );
    expect(translate('fr', 'tour.planning.deleted', { name: 'Tours' })).toBe(
      'L’étape de Tours est supprimée.',
    );
    expect(translate('fr', 'tour.planning.deleted', { name: 'Le Blanc' })).toBe(
      'L’étape du Blanc est supprimée.',
    );
  });
});
