//! Test support shared by the crates' integration tests: wait for a child
//! process under a deadline while draining its piped stdout and stderr (a
//! child blocked on a full pipe would otherwise never finish), and sample its
//! peak resident memory on the way.

use std::io::Read;
use std::process::{Child, ExitStatus, Output};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A child that finished within its deadline.
#[derive(Debug)]
pub struct Finished {
    /// Exit status.
    pub status: ExitStatus,
    /// Everything written on stdout, if it was piped (else empty).
    pub stdout: Vec<u8>,
    /// Everything written on stderr, if it was piped (else empty).
    pub stderr: Vec<u8>,
    /// Wall time from the call to the exit.
    pub elapsed: Duration,
    /// Largest peak resident memory (VmHWM) seen while polling, in kB; 0
    /// where `/proc` is not available.
    pub peak_kb: u64,
}

impl Finished {
    /// As a `std::process::Output`.
    pub fn output(self) -> Output {
        Output {
            status: self.status,
            stdout: self.stdout,
            stderr: self.stderr,
        }
    }
}

/// The child ran past its deadline and was killed.
#[derive(Debug)]
pub struct TimedOut {
    /// Wall time when it was killed.
    pub after: Duration,
}

fn drain<R: Read + Send + 'static>(r: Option<R>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(mut r) = r {
            let _ = r.read_to_end(&mut v);
        }
        v
    })
}

/// Peak resident memory (VmHWM) of a running process, in kB (Linux only).
pub fn peak_kb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let l = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    l.split_whitespace().nth(1)?.parse().ok()
}

/// Waits for `child` for at most `limit`, reading its piped stdout and
/// stderr in background threads meanwhile. On timeout the child is killed
/// and reaped.
pub fn wait_bounded(mut child: Child, limit: Duration) -> Result<Finished, TimedOut> {
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let t = Instant::now();
    let mut peak = 0;
    loop {
        peak = peak.max(peak_kb(child.id()).unwrap_or(0));
        match child.try_wait() {
            Ok(Some(status)) => {
                return Ok(Finished {
                    status,
                    stdout: out.join().unwrap_or_default(),
                    stderr: err.join().unwrap_or_default(),
                    elapsed: t.elapsed(),
                    peak_kb: peak,
                })
            }
            Ok(None) if t.elapsed() <= limit => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(TimedOut { after: t.elapsed() });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    #[test]
    fn drains_more_than_a_pipe_buffer() {
        // 1 MB on stdout: without draining, the child would block forever.
        let child = Command::new("sh")
            .args(["-c", "head -c 1000000 /dev/zero; echo done >&2"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn sh");
        let f = wait_bounded(child, Duration::from_secs(60)).expect("finished");
        assert!(f.status.success());
        assert_eq!(f.stdout.len(), 1_000_000);
        assert_eq!(f.stderr, b"done\n");
    }

    #[test]
    fn kills_on_timeout() {
        let child = Command::new("sleep")
            .arg("30")
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn sleep");
        let e = wait_bounded(child, Duration::from_millis(200)).expect_err("timed out");
        assert!(e.after < Duration::from_secs(30));
    }
}
