import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded database (PGlite) is a single Postgres backend inside this process: two
 * processes writing one data folder would corrupt it. The owner writes its pid into a lock file;
 * a lock left by a process that no longer runs (a crash, kill -9) is taken over.
 */

const lockFileName = 'patientdesk.lock';

interface LockOwner {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

/** Raised when another running process already owns the embedded data folder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another PatientDesk process (pid ${owner.pid}, ` +
        `"${owner.command}", started ${owner.startedAt}). Only one process can open it at a time. ` +
        'Stop that process first (or use its running server), or set PATIENTDESK_DATA_DIR to another folder, ' +
        'or set DATABASE_URL to a PostgreSQL server that many processes can share.',
    );
    this.name = 'DataFolderInUseError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Takes the data folder for this process; returns the function that gives it back. */
export function lockDataFolder(dataDir: string, command: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, lockFileName);
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      return () => {
        if (readOwner(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockPath);
    const sameMachine = owner?.hostname === os.hostname();
    if (owner && (!sameMachine || isRunning(owner.pid))) {
      throw new DataFolderInUseError(dataDir, owner);
    }
    // A stale lock: its owner is gone. Remove it and race for the lock again; `wx` lets one win.
    fs.rmSync(lockPath, { force: true });
  }
  throw new Error(`Could not take the lock ${lockPath}; remove it if no PatientDesk process is running.`);
}
