//! Helpers shared by the integration tests that drive a whole chain block by block.

use taonet_chain::call::Call;
use taonet_chain::{AccountId, Chain, Extrinsic};

/// Applies `call` signed by `who` in a block of its own and asserts it was included and succeeded.
pub fn call(chain: &mut Chain, who: AccountId, call: Call) {
    let nonce = chain.account_nonce(&who);
    let out = chain.build_block(vec![Extrinsic {
        signer: who,
        nonce,
        call: call.clone(),
    }]);
    assert_eq!(out.receipts[0].outcome, Ok(Ok(())), "{call:?}");
}

/// Builds empty blocks until `netuid`'s next epoch has run (at most 50); returns that block's number.
pub fn next_epoch(chain: &mut Chain, netuid: u16) -> u32 {
    for _ in 0..50 {
        let out = chain.build_block(Vec::new());
        if out.coinbase.epochs.contains(&netuid) {
            return out.header.number;
        }
    }
    panic!("no epoch in 50 blocks");
}
