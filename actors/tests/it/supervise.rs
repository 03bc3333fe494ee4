//! Supervision: a crashed actor is restarted in place and keeps serving.

use actix::prelude::*;
use taonet_actors::behaviour::Behaviour;
use taonet_actors::miner::{Miner, Query};
use taonet_actors::supervise::{Crash, Restarts};
use taonet_actors::task::{expected, Challenge, Op};
use taonet_chain::keys::Keypair;

#[actix::test]
async fn a_crashed_miner_is_restarted_and_answers_again() {
    let miner = Miner::new("honest-0", Behaviour::Honest, Keypair::derive(1, "m"), 1);
    let addr = Supervisor::start(move |_| miner);
    assert_eq!(addr.send(Restarts).await.expect("alive"), 0);
    addr.send(Crash)
        .await
        .expect("the crash is handled, not propagated");
    let challenge = Challenge {
        id: 1,
        numbers: vec![3, 1, 2],
        op: Op::Median,
    };
    let response = addr
        .send(Query {
            challenge: challenge.clone(),
            timeout_ms: 1_000,
        })
        .await
        .expect("the restarted miner answers");
    assert_eq!(response.answer, Some(expected(&challenge)));
    assert_eq!(addr.send(Restarts).await.expect("alive"), 1);
}
