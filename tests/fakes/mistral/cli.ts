// Start a platform fake (api.mistral.ai, api.eu/api.us) and a Codestral fake (codestral.mistral.ai).
//   node tests/fakes/mistral/cli.ts [--port 9100] [--codestral-port 9101] [--host 127.0.0.1]
// Prints one JSON line with the origins and an override map, then runs until SIGINT/SIGTERM.
import { startFakeMistral } from './server.ts';

function parseArgs(argv: string[]): { port: number; codestralPort: number; host: string } {
  const out = { port: 9100, codestralPort: 9101, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    const num = (): number => {
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${a} needs a port number (0-65535)`);
      i++;
      return n;
    };
    if (a === '--port') out.port = num();
    else if (a === '--codestral-port') out.codestralPort = num();
    else if (a === '--host') {
      if (v !== '127.0.0.1' && v !== '::1' && v !== 'localhost') throw new Error('--host must be a loopback address');
      out.host = v;
      i++;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node tests/fakes/mistral/cli.ts [--port 9100] [--codestral-port 9101]\n');
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${String(a)}`);
    }
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const platform = await startFakeMistral({ role: 'platform', port: args.port, host: args.host });
const codestral = await startFakeMistral({ role: 'codestral', port: args.codestralPort, host: args.host });

process.stdout.write(`${JSON.stringify({
  platform: platform.origin,
  codestral: codestral.origin,
  overrides: {
    'https://api.mistral.ai': platform.origin,
    'https://api.eu.mistral.ai': platform.origin,
    'https://api.us.mistral.ai': platform.origin,
    'https://codestral.mistral.ai': codestral.origin,
  },
})}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void Promise.all([platform.close(), codestral.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
