//! Supervision: actor handlers run guarded, so a panic inside one is caught, logged, and the actor is
//! stopped; actix's `Supervisor` then restarts it in place (same address, state kept, `restarting`
//! called). `Crash` is the fault-injection message that triggers exactly that path.

use actix::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Makes the receiving actor panic inside a guarded handler (a crash, for chaos and tests).
#[derive(Clone, Copy, Debug, Message)]
#[rtype(result = "()")]
pub struct Crash;

/// Asks an actor how many times it has been restarted.
#[derive(Clone, Copy, Debug, Message)]
#[rtype(result = "u32")]
pub struct Restarts;

/// Runs `f`; if it panics, logs the panic for `actor`, stops the actor so its supervisor restarts it,
/// and returns `None`.
pub fn guarded<A, R>(actor: &str, ctx: &mut A::Context, f: impl FnOnce() -> R) -> Option<R>
where
    A: Actor,
    A::Context: ActorContext,
{
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => Some(r),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            tracing::error!(actor, panic = %message, "actor panicked; restarting it");
            ctx.stop();
            None
        }
    }
}

/// Implements `Crash` and `Restarts` for an actor with a `name: String` and `restarts: u32` field.
#[macro_export]
macro_rules! supervised_actor {
    ($actor:ty) => {
        impl actix::Handler<$crate::supervise::Crash> for $actor {
            type Result = ();

            fn handle(&mut self, _: $crate::supervise::Crash, ctx: &mut Self::Context) {
                let name = self.name.clone();
                $crate::supervise::guarded::<Self, ()>(&name, ctx, || panic!("crash injected into {name}"));
            }
        }

        impl actix::Handler<$crate::supervise::Restarts> for $actor {
            type Result = u32;

            fn handle(&mut self, _: $crate::supervise::Restarts, _: &mut Self::Context) -> u32 {
                self.restarts
            }
        }

        impl actix::Supervised for $actor {
            fn restarting(&mut self, _: &mut Self::Context) {
                self.restarts = self.restarts.saturating_add(1);
                tracing::warn!(actor = %self.name, restarts = self.restarts, "actor restarted");
            }
        }
    };
}
