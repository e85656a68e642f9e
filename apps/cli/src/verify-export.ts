import { readFileSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { ed25519PublicKey, verifyExport, type PassedCheck } from '@lib/exports';

const VERIFY_EXPORT_USAGE = 'Usage: npm run cli -- verify-export <folder|zip> --key <public-key.pem>\n';

const count = (n: number): string => n.toLocaleString('en-US');

/** One line per passed check, for the regulator reading the terminal. */
function passedLine(passed: PassedCheck): string {
  switch (passed.check) {
    case 'signature': {
      const { exportId, registrant, period } = passed.manifest;
      return (
        `✓ signature: Ed25519 key ${passed.keyId} signed manifest.json ` +
        `(export ${exportId}, ${registrant.name}, DEA ${registrant.deaNumber}, ${period.from} to ${period.to})`
      );
    }
    case 'files':
      return `✓ ${count(passed.files)} files, hashes and sizes match, none missing or added`;
    case 'rows': {
      const arcos =
        passed.arcosRecords === null ? '' : `; arcos.txt: ${count(passed.arcosRecords)} records of 80 characters`;
      return `✓ row counts of ${count(passed.csvFiles)} CSV files match${arcos}`;
    }
    case 'transactions': {
      const { events, fromPosition, toPosition, streams } = passed;
      if (events === 0) return '✓ no events in the period, as the manifest says';
      return (
        `✓ ${count(events)} events at positions ${fromPosition}..${toPosition} match the manifest; ` +
        `${count(streams)} stream chains intact`
      );
    }
  }
}

interface Arguments {
  path: string;
  keyFile: string;
}

function parseArguments(args: string[]): Arguments | string {
  const positional: string[] = [];
  let keyFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--key') keyFile = args[++i];
    else if (args[i].startsWith('--key=')) keyFile = args[i].slice('--key='.length);
    else if (args[i].startsWith('-')) return `Unknown option "${args[i]}".`;
    else positional.push(args[i]);
  }
  if (positional.length !== 1) return 'Give one export: a folder or a .zip.';
  if (!keyFile) return 'Give the public key: --key <public-key.pem>.';
  return { path: positional[0], keyFile };
}

/**
 * `verify-export <folder|zip> --key <public-key.pem>`: verifies an export bundle offline, with the
 * public key alone (no configuration, server, database or Redis). Exits 0 when intact, 1 when not,
 * 2 when it cannot start (arguments, key, path).
 */
export async function verifyExportCommand(args: string[], out: Writable, err: Writable): Promise<number> {
  const parsed = parseArguments(args);
  if (typeof parsed === 'string') {
    err.write(`${parsed}\n${VERIFY_EXPORT_USAGE}`);
    return 2;
  }
  let pem: string;
  try {
    pem = readFileSync(parsed.keyFile, 'utf8');
    ed25519PublicKey(pem);
  } catch (error) {
    err.write(`Cannot use ${parsed.keyFile} as the public key: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    statSync(parsed.path);
  } catch (error) {
    err.write(`Cannot read the export ${parsed.path}: ${(error as Error).message}\n`);
    return 2;
  }
  const verification = await verifyExport(parsed.path, pem, {
    onPassed: (passed) => out.write(`${passedLine(passed)}\n`),
  });
  if (verification.intact) return 0;
  out.write(`✗ ${verification.file}: ${verification.reason}\n`);
  return 1;
}
