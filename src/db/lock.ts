import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database is a folder that one process at a time may open. The running hub notes
 * its process id here, so a command such as `seedbed demo` can say "stop the hub first" instead
 * of damaging the data.
 */
function lockFile(dataDir: string) {
  return path.join(dataDir, 'seedbed.pid');
}

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function assertEmbeddedDatabaseFree(dataDir: string) {
  const file = lockFile(dataDir);
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) {
    throw new DatabaseInUseError(
      `The hub is running (process ${pid}) and has the embedded database in ${dataDir} open. Stop it first (Ctrl+C where it runs), run this command, then start it again.`,
    );
  }
}

export function claimEmbeddedDatabase(dataDir: string): () => void {
  assertEmbeddedDatabaseFree(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
    } catch {
      // Already gone.
    }
  };
}

export class DatabaseInUseError extends Error {}
