// `npm start`: builds the web app when its build is missing or older than its sources, then
// runs `patientdesk start` in this process.
import { ensureWebBuild } from './ensure-web-build.ts';

const outcome = await ensureWebBuild({ onProgress: (message) => process.stdout.write(`  ${message}\n`) });
if (outcome.built) process.stdout.write(`  Web app built (${outcome.reason}).\n`);

process.argv = [process.argv[0]!, 'patientdesk', 'start'];
await import('../packages/server/src/cli/main.ts');
