//! Who hears about a write? Everyone who subscribed: the engine publishes every committed change
//! once its indexes show it, whatever the path that wrote it (a PUT, a bulk load, an import, a
//! catch-up over another process's writes, a rebuild).
//!
//! Subscribers get a plain [`std::sync::mpsc::Receiver`], so the engine needs no async runtime;
//! a server bridges it to its own channels on one thread. Publishing never blocks a writer (the
//! channels are unbounded) and a subscriber that went away is dropped at the next event.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

/// A committed change, published after the indexes show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Vacancies written (new or replaced) and deleted, oldest change first.
    JobsChanged {
        /// Ids stored now.
        upserted: Vec<String>,
        /// Ids gone now.
        deleted: Vec<String>,
    },
    /// People written and deleted, oldest change first.
    CandidatesChanged {
        /// Ids stored now.
        upserted: Vec<String>,
        /// Ids gone now.
        deleted: Vec<String>,
    },
    /// Every derived index was rebuilt from the store. The writes it took in that had not been
    /// published yet (a write can trigger a retraining) follow it as `*Changed`.
    Rebuilt {
        /// Vacancies held after the rebuild.
        jobs: u64,
        /// People held after the rebuild.
        candidates: u64,
    },
}

/// The subscribers of one engine.
#[derive(Default)]
pub(crate) struct Hub {
    subscribers: Mutex<Vec<Sender<Arc<Event>>>>,
}

impl Hub {
    pub(crate) fn subscribe(&self) -> Receiver<Arc<Event>> {
        let (tx, rx) = channel();
        if let Ok(mut s) = self.subscribers.lock() {
            s.push(tx);
        }
        rx
    }

    /// Whether anyone listens (so work done only to publish can be skipped).
    pub(crate) fn has_subscribers(&self) -> bool {
        self.subscribers.lock().is_ok_and(|s| !s.is_empty())
    }

    pub(crate) fn publish(&self, event: Event) {
        let Ok(mut subs) = self.subscribers.lock() else {
            return;
        };
        if subs.is_empty() {
            return;
        }
        let event = Arc::new(event);
        subs.retain(|tx| tx.send(event.clone()).is_ok());
    }

    /// Publish what a list of `(upserted?, change)` amounts to, one event per record kind.
    pub(crate) fn publish_changes(&self, changes: &[(bool, crate::store::Change)]) {
        use crate::store::Change;
        let (mut ju, mut jd, mut cu, mut cd) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (up, ch) in changes {
            match (ch, up) {
                (Change::Job(id), true) => ju.push(id.clone()),
                (Change::Job(id), false) => jd.push(id.clone()),
                (Change::Candidate(id), true) => cu.push(id.clone()),
                (Change::Candidate(id), false) => cd.push(id.clone()),
            }
        }
        if !(ju.is_empty() && jd.is_empty()) {
            self.publish(Event::JobsChanged {
                upserted: ju,
                deleted: jd,
            });
        }
        if !(cu.is_empty() && cd.is_empty()) {
            self.publish(Event::CandidatesChanged {
                upserted: cu,
                deleted: cd,
            });
        }
    }
}
