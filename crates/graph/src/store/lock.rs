//! The writer lock: one process at a time may write a database.
//!
//! An OS file lock (`flock`) on `LOCK` in the database directory; the file holds the holder's
//! PID for the error message. The kernel releases the lock when its process dies, so a lock
//! left by a killed process is simply taken over.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use cartograph_cypher::{CypherError, ErrorKind};

/// Held for as long as the process may write; released on drop.
#[derive(Debug)]
pub struct WriterLock {
    file: File,
}

impl Drop for WriterLock {
    /// A clean release clears the PID, so a PID found at the next acquisition means its
    /// process died holding the lock.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another live process holds it.
    InUse {
        pid: Option<u32>,
    },
    Io(std::io::Error),
}

impl WriterLock {
    pub fn acquire(dir: &Path) -> Result<WriterLock, LockError> {
        let path = dir.join("LOCK");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut s = String::new();
                let _ = file.read_to_string(&mut s);
                return Err(LockError::InUse {
                    pid: s.trim().parse().ok(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
        let stale: Option<u32> = {
            let mut s = String::new();
            let _ = file.read_to_string(&mut s);
            s.trim().parse().ok()
        };
        if let Some(pid) = stale
            && pid != std::process::id()
        {
            tracing::info!(
                pid,
                "took over a database lock left by a process that is gone"
            );
        }
        file.set_len(0).map_err(LockError::Io)?;
        file.seek(SeekFrom::Start(0)).map_err(LockError::Io)?;
        write!(file, "{}", std::process::id()).map_err(LockError::Io)?;
        file.sync_all().map_err(LockError::Io)?;
        Ok(WriterLock { file })
    }
}

impl LockError {
    pub fn into_cypher(self, dir: &Path) -> CypherError {
        match self {
            LockError::InUse { pid } => CypherError::new(
                ErrorKind::StorageError,
                format!(
                    "the database at {} is in use by {} for writing; wait for it to finish (reads still work)",
                    dir.display(),
                    pid.map_or_else(|| "another process".to_string(), |p| format!("PID {p}"))
                ),
            ),
            LockError::Io(e) => CypherError::new(
                ErrorKind::StorageError,
                format!("cannot lock the database at {}: {e}", dir.display()),
            ),
        }
    }
}
