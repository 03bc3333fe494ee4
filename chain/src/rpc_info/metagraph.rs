//! `Metagraph` and `SelectiveMetagraph` (`pallets/subtensor/src/rpc_info/metagraph.rs`, spec 208): one
//! field list declares both, so the selective form (every field but `netuid` wrapped in `Option`, then
//! `validators` and `commitments`) can never drift from the full one. Field order = the real metadata's;
//! a field's position (netuid = 0) is its `SelectiveMetagraphIndex`.

use super::{ChainIdentityV2, SubnetIdentityV3};
use crate::items::AxonInfo;
use crate::types::AccountId;
use parity_scale_codec::{Compact, Decode, Encode};
use scale_info::TypeInfo;
use substrate_fixed::types::I96F32;

macro_rules! metagraph {
    ($($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)?) => {
        /// `Metagraph`: a subnet's parameters, pool state and per-UID vectors (`get_metagraph`).
        #[derive(Clone, Debug, PartialEq, Encode, Decode, TypeInfo)]
        pub struct Metagraph {
            /// Subnet.
            pub netuid: Compact<u16>,
            $($(#[$fm])* pub $field: $ty,)*
        }

        /// `SelectiveMetagraph`: the fields of [`Metagraph`] a client asked for by index
        /// (`get_selective_metagraph`), plus validators and commitments.
        #[derive(Clone, Debug, PartialEq, Encode, Decode, TypeInfo)]
        pub struct SelectiveMetagraph {
            /// Subnet (always present).
            pub netuid: Compact<u16>,
            $($(#[$fm])* pub $field: Option<$ty>,)*
            /// UIDs holding a validator permit.
            pub validators: Option<Vec<Compact<u16>>>,
            /// `(hotkey, commitment bytes)` of the subnet's neurons.
            pub commitments: Option<Vec<(AccountId, Vec<Compact<u8>>)>>,
        }

        impl SelectiveMetagraph {
            /// How many indexes a client may select: netuid, the metagraph's fields, validators and
            /// commitments.
            pub const INDEXES: u16 = {
                let mut n = 1u16;
                $(let _ = stringify!($field); n += 1;)*
                n + 2
            };

            /// Keeps the fields of `m` whose index is in `indexes`; `validators` and `commitments`
            /// (the last two indexes) come from the caller.
            pub fn select(
                m: Metagraph,
                indexes: &[u16],
                validators: Vec<Compact<u16>>,
                commitments: Vec<(AccountId, Vec<Compact<u8>>)>,
            ) -> Self {
                let want = |i: u16| indexes.contains(&i);
                let mut i = 0u16;
                $(
                    i += 1;
                    let $field = if want(i) { Some(m.$field) } else { None };
                )*
                SelectiveMetagraph {
                    netuid: m.netuid,
                    $($field,)*
                    validators: want(i + 1).then_some(validators),
                    commitments: want(i + 2).then_some(commitments),
                }
            }
        }
    };
}

metagraph! {
    /// Name, one compact per byte.
    name: Vec<Compact<u8>>,
    /// Token symbol, one compact per byte.
    symbol: Vec<Compact<u8>>,
    /// Identity.
    identity: Option<SubnetIdentityV3>,
    /// Registration block.
    network_registered_at: Compact<u64>,
    /// Owner hotkey.
    owner_hotkey: AccountId,
    /// Owner coldkey.
    owner_coldkey: AccountId,
    /// Current block.
    block: Compact<u64>,
    /// Tempo.
    tempo: Compact<u16>,
    /// Last epoch block.
    last_step: Compact<u64>,
    /// Blocks since the last epoch.
    blocks_since_last_step: Compact<u64>,
    /// TAO emission per block.
    subnet_emission: Compact<u64>,
    /// Alpha reserve.
    alpha_in: Compact<u64>,
    /// Alpha outstanding.
    alpha_out: Compact<u64>,
    /// TAO reserve.
    tao_in: Compact<u64>,
    /// Alpha emitted to participants per block.
    alpha_out_emission: Compact<u64>,
    /// Alpha injected into the pool per block.
    alpha_in_emission: Compact<u64>,
    /// TAO injected per block.
    tao_in_emission: Compact<u64>,
    /// Alpha pending distribution.
    pending_alpha_emission: Compact<u64>,
    /// Root dividends pending.
    pending_root_emission: Compact<u64>,
    /// Cumulative volume.
    subnet_volume: Compact<u128>,
    /// Price EMA.
    moving_price: I96F32,
    /// Rho.
    rho: Compact<u16>,
    /// Kappa.
    kappa: Compact<u16>,
    /// Minimum weights.
    min_allowed_weights: Compact<u16>,
    /// Max weight.
    max_weights_limit: Compact<u16>,
    /// Weights version key.
    weights_version: Compact<u64>,
    /// Weights rate limit.
    weights_rate_limit: Compact<u64>,
    /// Activity cutoff.
    activity_cutoff: Compact<u16>,
    /// Validator slots.
    max_validators: Compact<u16>,
    /// Registered UIDs.
    num_uids: Compact<u16>,
    /// UID slots.
    max_uids: Compact<u16>,
    /// Registration price.
    burn: Compact<u64>,
    /// PoW difficulty.
    difficulty: Compact<u64>,
    /// Burned registration allowed.
    registration_allowed: bool,
    /// PoW registration allowed.
    pow_registration_allowed: bool,
    /// Immunity period.
    immunity_period: Compact<u16>,
    /// PoW minimum difficulty.
    min_difficulty: Compact<u64>,
    /// PoW maximum difficulty.
    max_difficulty: Compact<u64>,
    /// Burn floor.
    min_burn: Compact<u64>,
    /// Burn ceiling.
    max_burn: Compact<u64>,
    /// Difficulty adjustment alpha.
    adjustment_alpha: Compact<u64>,
    /// Difficulty adjustment interval.
    adjustment_interval: Compact<u16>,
    /// Target registrations per interval.
    target_regs_per_interval: Compact<u16>,
    /// Registrations per block.
    max_regs_per_block: Compact<u16>,
    /// Serving rate limit.
    serving_rate_limit: Compact<u64>,
    /// Commit-reveal on.
    commit_reveal_weights_enabled: bool,
    /// Reveal period.
    commit_reveal_period: Compact<u64>,
    /// Liquid alpha on.
    liquid_alpha_enabled: bool,
    /// Liquid alpha high.
    alpha_high: Compact<u16>,
    /// Liquid alpha low.
    alpha_low: Compact<u16>,
    /// Bonds EMA.
    bonds_moving_avg: Compact<u64>,
    /// Hotkeys by UID.
    hotkeys: Vec<AccountId>,
    /// Coldkeys by UID.
    coldkeys: Vec<AccountId>,
    /// Chain identities by UID.
    identities: Vec<Option<ChainIdentityV2>>,
    /// Axons by UID.
    axons: Vec<AxonInfo>,
    /// Active flags.
    active: Vec<bool>,
    /// Validator permits.
    validator_permit: Vec<bool>,
    /// Pruning scores.
    pruning_score: Vec<Compact<u16>>,
    /// Last updates.
    last_update: Vec<Compact<u64>>,
    /// Emissions.
    emission: Vec<Compact<u64>>,
    /// Dividends.
    dividends: Vec<Compact<u16>>,
    /// Incentives.
    incentives: Vec<Compact<u16>>,
    /// Consensus.
    consensus: Vec<Compact<u16>>,
    /// Trust.
    trust: Vec<Compact<u16>>,
    /// Rank.
    rank: Vec<Compact<u16>>,
    /// Registration blocks.
    block_at_registration: Vec<Compact<u64>>,
    /// Alpha stake.
    alpha_stake: Vec<Compact<u64>>,
    /// TAO stake.
    tao_stake: Vec<Compact<u64>>,
    /// Total stake.
    total_stake: Vec<Compact<u64>>,
    /// TAO dividends per hotkey.
    tao_dividends_per_hotkey: Vec<(AccountId, Compact<u64>)>,
    /// Alpha dividends per hotkey.
    alpha_dividends_per_hotkey: Vec<(AccountId, Compact<u64>)>,
}
