//! Cooperative cancellation of long engine calls.
//!
//! A server that gives up on a request (its timeout passed) sets the call's flag; the engine
//! checks it at [`checkpoint`]s between the stages of a match or search and stops there with
//! [`Error::Cancelled`], so the CPU the request was refused for is given back. Code that runs
//! outside [`with_flag`] never stops.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};

thread_local! {
    static FLAG: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// Run `f` on this thread with `flag` as its cancellation flag.
pub fn with_flag<T>(flag: Arc<AtomicBool>, f: impl FnOnce() -> T) -> T {
    struct Reset(Option<Arc<AtomicBool>>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let old = self.0.take();
            FLAG.with(|c| *c.borrow_mut() = old);
        }
    }
    let old = FLAG.with(|c| c.borrow_mut().replace(flag));
    let _reset = Reset(old);
    f()
}

/// `Err(Error::Cancelled)` when the current call was cancelled.
pub fn checkpoint() -> Result<()> {
    let cancelled = FLAG.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Acquire))
    });
    if cancelled {
        Err(Error::Cancelled)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_see_only_their_own_flag() {
        assert!(checkpoint().is_ok());
        let flag = Arc::new(AtomicBool::new(false));
        with_flag(flag.clone(), || {
            assert!(checkpoint().is_ok());
            flag.store(true, Ordering::Release);
            assert!(matches!(checkpoint(), Err(Error::Cancelled)));
        });
        assert!(checkpoint().is_ok());
    }
}
