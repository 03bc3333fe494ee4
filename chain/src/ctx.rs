//! The dispatch context: the state, the block being built and the events it deposits.

use crate::event::{Event, EventRecord, Phase};
use crate::storage::Storage;
use crate::types::{AccountId, BlockNumber, NetUid};
use parity_scale_codec::Encode;

/// What a mechanism sees while a block is being built.
pub struct Ctx<'a> {
    /// The state.
    pub s: &'a mut Storage,
    /// Number of the block being built.
    pub block: BlockNumber,
    /// Events deposited so far in this block.
    pub events: &'a mut Vec<EventRecord>,
    /// Where in the block we are.
    pub phase: Phase,
    /// Who receives swap fees (the block author).
    pub author: AccountId,
}

impl Ctx<'_> {
    /// Deposits an event in the current phase.
    pub fn deposit(&mut self, event: impl Into<Event>) {
        self.events.push(EventRecord {
            phase: self.phase,
            event: event.into(),
            topics: Vec::new(),
        });
    }
}

impl From<crate::event::SubtensorEvent> for Event {
    fn from(e: crate::event::SubtensorEvent) -> Self {
        Event::SubtensorModule(e)
    }
}

impl From<crate::event::BalancesEvent> for Event {
    fn from(e: crate::event::BalancesEvent) -> Self {
        Event::Balances(e)
    }
}

impl From<crate::event::TransactionPaymentEvent> for Event {
    fn from(e: crate::event::TransactionPaymentEvent) -> Self {
        Event::TransactionPayment(e)
    }
}

impl From<crate::event::SystemEvent> for Event {
    fn from(e: crate::event::SystemEvent) -> Self {
        Event::System(e)
    }
}

/// The account holding a subnet's pool TAO: `PalletId(*b"subtensr").into_sub_account_truncating(netuid)`.
pub fn subnet_account(netuid: NetUid) -> AccountId {
    let mut raw = [0u8; 32];
    raw[..4].copy_from_slice(b"modl");
    raw[4..12].copy_from_slice(b"subtensr");
    let encoded = netuid.encode();
    raw[12..12 + encoded.len()].copy_from_slice(&encoded);
    AccountId(raw)
}

/// The block author the unit tests run extrinsics under.
#[cfg(test)]
pub(crate) const TEST_AUTHOR: AccountId = AccountId([0xAA; 32]);

/// Runs `f` as block `block` would run its first extrinsic (author [`TEST_AUTHOR`]); returns its result
/// and the events it deposited. For unit tests.
#[cfg(test)]
pub(crate) fn in_test_block<R>(
    s: &mut Storage,
    block: BlockNumber,
    f: impl FnOnce(&mut Ctx<'_>) -> R,
) -> (R, Vec<EventRecord>) {
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s,
        block,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: TEST_AUTHOR,
    };
    let r = f(&mut ctx);
    (r, events)
}

/// Applies one signed extrinsic in a block of its own on `chain`; returns its dispatch result and the
/// block's events. Panics if the extrinsic is not included (a test setup error). For unit tests.
#[cfg(test)]
pub(crate) fn apply_in_own_block(
    chain: &mut crate::Chain,
    signer: AccountId,
    call: crate::call::Call,
) -> (Result<(), crate::error::DispatchError>, Vec<EventRecord>) {
    let nonce = chain.account_nonce(&signer);
    let out = chain.build_block(vec![crate::Extrinsic {
        signer,
        nonce,
        call,
    }]);
    match &out.receipts[0].outcome {
        Ok(result) => (*result, out.events),
        Err(invalid) => panic!("not included: {invalid}"),
    }
}
