import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

export interface ArmLogEntry {
  method: string;
  path: string;
  status: number;
  at: string;
}

/**
 * Reads the request log of the ARM emulator that a bot process runs, through the emulator's
 * loopback control API, trusting the emulator's certificate from the bot's data folder.
 */
export async function readEmulatorLog(dataDir: string, armPort: string | number): Promise<ArmLogEntry[] | undefined> {
  const certificate = path.join(dataDir, 'arm-emulator', 'emulator-cert.pem');
  if (!fs.existsSync(certificate)) return undefined;
  const ca = fs.readFileSync(certificate, 'utf8');
  return (await getJson(`https://127.0.0.1:${armPort}/_emulator/requests`, ca)) as ArmLogEntry[];
}

function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (error) {
            reject(error);
          }
        });
      })
      .on('error', reject);
  });
}
