import '../register-paths';
import { readFileSync } from 'node:fs';
import { describeVerification, verifyAudit } from '../panels/verify-audit';

// `npm run panels:verify -- <audit.json>`: checks a panel's published draws without a solver
// (the file is what GET /api/panels/:id/public or the audit page's download gives). Exit code 1
// when a draw does not check out.
const path = process.argv[2];
if (!path) {
  process.stderr.write('Usage: npm run panels:verify -- <audit.json>\n');
  process.exit(2);
}
try {
  const verification = verifyAudit(JSON.parse(readFileSync(path, 'utf8')));
  process.stdout.write(`${describeVerification(verification)}\n`);
  process.exit(verification.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(
    `Cannot verify ${path}: ${error instanceof Error ? error.message : error}\n`,
  );
  process.exit(2);
}
