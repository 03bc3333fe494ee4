//! Calls: what an extrinsic asks the chain to do, with subtensor's pallet and call indices and
//! argument names, so the SCALE encoding matches the real runtime's `RuntimeCall`.

use crate::types::{AccountId, AlphaBalance, NetUid, TaoBalance, H256};
use parity_scale_codec::{Compact, Decode, Encode};
use scale_info::TypeInfo;

/// `sp_runtime::MultiAddress` as the runtime uses it for transfers. Only account ids are supported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum MultiAddress {
    /// A plain account id.
    #[codec(index = 0)]
    Id(AccountId),
}

/// Balances pallet calls (index 5).
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum BalancesCall {
    /// Transfer, allowing the sender's account to be reaped.
    #[codec(index = 0)]
    transfer_allow_death {
        /// Receiver.
        dest: MultiAddress,
        /// Amount in rao.
        value: Compact<u64>,
    },
    /// Transfer, keeping the sender above the existential deposit.
    #[codec(index = 3)]
    transfer_keep_alive {
        /// Receiver.
        dest: MultiAddress,
        /// Amount in rao.
        value: Compact<u64>,
    },
    /// Transfer everything.
    #[codec(index = 4)]
    transfer_all {
        /// Receiver.
        dest: MultiAddress,
        /// Leave the existential deposit behind.
        keep_alive: bool,
    },
}

/// SubtensorModule calls (index 7).
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum SubtensorCall {
    /// Set a validator's weights (origin: hotkey).
    #[codec(index = 0)]
    set_weights {
        /// Subnet.
        netuid: NetUid,
        /// Destination UIDs.
        dests: Vec<u16>,
        /// Weights (any scale; normalised by the chain).
        weights: Vec<u16>,
        /// Weights version.
        version_key: u64,
    },
    /// Stake TAO to a hotkey on a subnet (origin: coldkey).
    #[codec(index = 2)]
    add_stake {
        /// Hotkey to stake to.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// TAO in rao.
        amount_staked: u64,
    },
    /// Unstake alpha back to TAO (origin: coldkey).
    #[codec(index = 3)]
    remove_stake {
        /// Hotkey staked to.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// Alpha to unstake.
        amount_unstaked: u64,
    },
    /// Publish an axon endpoint (origin: hotkey).
    #[codec(index = 4)]
    serve_axon {
        /// Subnet.
        netuid: NetUid,
        /// Axon version.
        version: u32,
        /// IP as an integer.
        ip: u128,
        /// Port.
        port: u16,
        /// 4 or 6.
        ip_type: u8,
        /// Protocol.
        protocol: u8,
        /// Unused.
        placeholder1: u8,
        /// Unused.
        placeholder2: u8,
    },
    /// Publish a Prometheus endpoint (origin: hotkey).
    #[codec(index = 5)]
    serve_prometheus {
        /// Subnet.
        netuid: NetUid,
        /// Version.
        version: u32,
        /// IP as an integer.
        ip: u128,
        /// Port.
        port: u16,
        /// 4 or 6.
        ip_type: u8,
    },
    /// Register a hotkey by burning TAO (origin: coldkey).
    #[codec(index = 7)]
    burned_register {
        /// Subnet.
        netuid: NetUid,
        /// Hotkey to register.
        hotkey: AccountId,
    },
    /// `burned_register` that fails when the registration price is above `limit_price` (origin: coldkey).
    #[codec(index = 134)]
    register_limit {
        /// Subnet.
        netuid: NetUid,
        /// Hotkey to register.
        hotkey: AccountId,
        /// Highest registration price accepted, in rao.
        limit_price: u64,
    },
    /// Publish an axon with a TLS certificate (origin: hotkey); the certificate is not kept.
    #[codec(index = 40)]
    serve_axon_tls {
        /// Subnet.
        netuid: NetUid,
        /// Axon version.
        version: u32,
        /// IP as an integer.
        ip: u128,
        /// Port.
        port: u16,
        /// 4 or 6.
        ip_type: u8,
        /// Protocol.
        protocol: u8,
        /// Unused.
        placeholder1: u8,
        /// Unused.
        placeholder2: u8,
        /// The certificate.
        certificate: Vec<u8>,
    },
    /// Register a new subnet (origin: coldkey).
    #[codec(index = 59)]
    register_network {
        /// Owner hotkey (UID 0).
        hotkey: AccountId,
    },
    /// Register a hotkey on the root network, netuid 0 (origin: coldkey).
    #[codec(index = 62)]
    root_register {
        /// Hotkey to register.
        hotkey: AccountId,
    },
    /// Lower a hotkey's delegate take (origin: its coldkey).
    #[codec(index = 65)]
    decrease_take {
        /// Hotkey.
        hotkey: AccountId,
        /// New take (u16 proportion).
        take: u16,
    },
    /// Raise a hotkey's delegate take (origin: its coldkey).
    #[codec(index = 66)]
    increase_take {
        /// Hotkey.
        hotkey: AccountId,
        /// New take (u16 proportion).
        take: u16,
    },
    /// Unstake everything staked through `hotkey`, on every subnet (origin: coldkey).
    #[codec(index = 83)]
    unstake_all {
        /// Hotkey.
        hotkey: AccountId,
    },
    /// Move stake to another hotkey and/or subnet (origin: coldkey).
    #[codec(index = 85)]
    move_stake {
        /// Hotkey staked to now.
        origin_hotkey: AccountId,
        /// Hotkey to stake to.
        destination_hotkey: AccountId,
        /// Subnet now.
        origin_netuid: NetUid,
        /// Subnet to move to.
        destination_netuid: NetUid,
        /// Alpha to move.
        alpha_amount: u64,
    },
    /// Give stake to another coldkey (origin: coldkey).
    #[codec(index = 86)]
    transfer_stake {
        /// Receiving coldkey.
        destination_coldkey: AccountId,
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet now.
        origin_netuid: NetUid,
        /// Subnet to move to.
        destination_netuid: NetUid,
        /// Alpha to give.
        alpha_amount: u64,
    },
    /// Move a hotkey's stake between subnets (origin: coldkey).
    #[codec(index = 87)]
    swap_stake {
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet now.
        origin_netuid: NetUid,
        /// Subnet to move to.
        destination_netuid: NetUid,
        /// Alpha to move.
        alpha_amount: u64,
    },
    /// Stake with a price limit (origin: coldkey).
    #[codec(index = 88)]
    add_stake_limit {
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// TAO in rao.
        amount_staked: u64,
        /// Highest price accepted, rao per alpha.
        limit_price: u64,
        /// Execute what fits under the limit.
        allow_partial: bool,
    },
    /// Unstake with a price limit (origin: coldkey).
    #[codec(index = 89)]
    remove_stake_limit {
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// Alpha to unstake.
        amount_unstaked: u64,
        /// Lowest price accepted, rao per alpha.
        limit_price: u64,
        /// Execute what fits above the limit.
        allow_partial: bool,
    },
    /// Move a hotkey's stake between subnets with a price-ratio limit (origin: coldkey).
    #[codec(index = 90)]
    swap_stake_limit {
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet now.
        origin_netuid: NetUid,
        /// Subnet to move to.
        destination_netuid: NetUid,
        /// Alpha to move.
        alpha_amount: u64,
        /// Lowest origin/destination price ratio accepted, ×1e9.
        limit_price: u64,
        /// Execute what fits (not supported: a swap past the limit fails).
        allow_partial: bool,
    },
    /// Make the signing coldkey the owner of `hotkey` if the hotkey has no owner yet (origin: coldkey).
    #[codec(index = 91)]
    try_associate_hotkey {
        /// Hotkey.
        hotkey: AccountId,
    },
    /// Start emission and staking on a subnet (origin: owner coldkey).
    #[codec(index = 92)]
    start_call {
        /// Subnet.
        netuid: NetUid,
    },
    /// Set a validator's weights for one mechanism of a subnet (origin: hotkey). taonet runs one
    /// mechanism per subnet: mechanism 0 is `set_weights`, others do not exist.
    #[codec(index = 119)]
    set_mechanism_weights {
        /// Subnet.
        netuid: NetUid,
        /// Mechanism (sub-subnet) id.
        mecid: u8,
        /// Destination UIDs.
        dests: Vec<u16>,
        /// Weights (any scale; normalised by the chain).
        weights: Vec<u16>,
        /// Weights version.
        version_key: u64,
    },
    /// Commit to a weight row by its hash (origin: hotkey).
    #[codec(index = 96)]
    commit_weights {
        /// Subnet.
        netuid: NetUid,
        /// blake2_256 of SCALE(hotkey, netuid, uids, values, salt, version_key).
        commit_hash: [u8; 32],
    },
    /// Reveal committed weights (origin: hotkey).
    #[codec(index = 97)]
    reveal_weights {
        /// Subnet.
        netuid: NetUid,
        /// Destination UIDs.
        uids: Vec<u16>,
        /// Weights.
        values: Vec<u16>,
        /// Salt used in the commit.
        salt: Vec<u16>,
        /// Weights version.
        version_key: u64,
    },
    /// Unstake everything from a subnet, optionally with a price floor (origin: coldkey).
    #[codec(index = 103)]
    remove_stake_full_limit {
        /// Hotkey.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// Lowest price accepted, rao per alpha.
        limit_price: Option<u64>,
    },
    /// Set a subnet's identity (origin: the subnet owner's coldkey).
    #[codec(index = 78)]
    set_subnet_identity {
        /// Subnet.
        netuid: NetUid,
        /// Name (at most 256 bytes).
        subnet_name: Vec<u8>,
        /// Repository (at most 1024 bytes).
        github_repo: Vec<u8>,
        /// Contact (at most 1024 bytes).
        subnet_contact: Vec<u8>,
        /// Website (at most 1024 bytes).
        subnet_url: Vec<u8>,
        /// Discord handle (at most 256 bytes).
        discord: Vec<u8>,
        /// Description (at most 1024 bytes).
        description: Vec<u8>,
        /// Logo (at most 1024 bytes).
        logo_url: Vec<u8>,
        /// Anything else (at most 1024 bytes).
        additional: Vec<u8>,
    },
    /// Register a new subnet with an optional identity (origin: coldkey).
    #[codec(index = 79)]
    register_network_with_identity {
        /// Owner hotkey (UID 0).
        hotkey: AccountId,
        /// The subnet's identity.
        identity: Option<crate::rpc_info::SubnetIdentityV3>,
    },
    /// Schedule a hotkey's children on a subnet (origin: the hotkey's coldkey).
    #[codec(index = 67)]
    set_children {
        /// Parent hotkey.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// `(proportion of u64::MAX, child hotkey)`; empty revokes every child.
        children: Vec<(u64, AccountId)>,
    },
    /// Set the childkey-take rate limit (origin: root).
    #[codec(index = 69)]
    sudo_set_tx_childkey_take_rate_limit {
        /// Blocks between two take increases.
        tx_rate_limit: u64,
    },
    /// Set a hotkey's childkey take on a subnet (origin: the hotkey's coldkey).
    #[codec(index = 75)]
    set_childkey_take {
        /// Child hotkey.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// Take (u16 proportion).
        take: u16,
    },
    /// Set the smallest childkey take (origin: root).
    #[codec(index = 76)]
    sudo_set_min_childkey_take {
        /// Take (u16 proportion).
        take: u16,
    },
    /// Set the largest childkey take (origin: root).
    #[codec(index = 77)]
    sudo_set_max_childkey_take {
        /// Take (u16 proportion).
        take: u16,
    },
    /// Set how many blocks scheduled children wait (origin: root).
    #[codec(index = 109)]
    set_pending_childkey_cooldown {
        /// Blocks.
        cooldown: u64,
    },
    /// Claim the coldkey's root dividends on up to 5 subnets.
    #[codec(index = 121)]
    claim_root {
        /// Subnets to claim on.
        subnets: std::collections::BTreeSet<NetUid>,
    },
    /// Set what the coldkey's root dividends turn into when claimed.
    #[codec(index = 122)]
    set_root_claim_type {
        /// Swap, Keep or KeepSubnets.
        new_root_claim_type: crate::items::RootClaimTypeEnum,
    },
    /// Set how many coldkeys are auto-claimed per block (origin: root).
    #[codec(index = 123)]
    sudo_set_num_root_claims {
        /// Coldkeys per block (at most 50).
        new_value: u64,
    },
    /// Set a subnet's smallest claimable amount (origin: the subnet owner or root).
    #[codec(index = 124)]
    sudo_set_root_claim_threshold {
        /// Subnet.
        netuid: NetUid,
        /// Alpha rao (at most 10 000 000).
        new_value: u64,
    },
    /// Dissolve a subnet: stakes paid out as TAO, its state removed (origin: root; `coldkey` is unused).
    #[codec(index = 61)]
    dissolve_network {
        /// Unused (the subnet owner, in older runtimes).
        coldkey: AccountId,
        /// Subnet.
        netuid: NetUid,
    },
    /// Dissolve a subnet (origin: root).
    #[codec(index = 120)]
    root_dissolve_network {
        /// Subnet.
        netuid: NetUid,
    },
    /// Set the subnet's tempo and restart its epoch cycle (origin: the subnet owner's coldkey).
    #[codec(index = 139)]
    set_tempo {
        /// Subnet.
        netuid: NetUid,
        /// Blocks per epoch, `MIN_TEMPO..=MAX_TEMPO`.
        tempo: u16,
    },
    /// Set the subnet's activity cutoff as per-mille of its tempo (origin: the subnet owner's coldkey,
    /// rate limited and outside the admin freeze window, or root).
    #[codec(index = 140)]
    set_activity_cutoff_factor {
        /// Subnet.
        netuid: NetUid,
        /// Cutoff in thousandths of a tempo, `1_000..=50_000`.
        factor_milli: u32,
    },
    /// Opt a root validator hotkey in or out of becoming a parent of new subnets' owner hotkeys
    /// (origin: the hotkey's coldkey).
    #[codec(index = 135)]
    set_auto_parent_delegation_enabled {
        /// Root validator hotkey.
        hotkey: AccountId,
        /// Whether new subnets' owner hotkeys become its children.
        enabled: bool,
    },
    /// Run the subnet's epoch `AdminFreezeWindow` blocks from now (origin: the subnet owner's coldkey).
    #[codec(index = 141)]
    trigger_epoch {
        /// Subnet.
        netuid: NetUid,
    },
    /// Unstake everything staked through `hotkey` on every subnet but root, and stake the TAO on root
    /// (origin: coldkey).
    #[codec(index = 84)]
    unstake_all_alpha {
        /// Hotkey.
        hotkey: AccountId,
    },
    /// Take up to `amount` alpha out of the coldkey's stake and out of the subnet's issued alpha
    /// (`SubnetAlphaOut`) (origin: coldkey).
    #[codec(index = 101)]
    recycle_alpha {
        /// Hotkey staked to.
        hotkey: AccountId,
        /// Alpha to recycle (capped at the stake held).
        amount: AlphaBalance,
        /// Subnet.
        netuid: NetUid,
    },
    /// Take up to `amount` alpha out of the coldkey's stake, leaving `SubnetAlphaOut` as it is
    /// (origin: coldkey).
    #[codec(index = 102)]
    burn_alpha {
        /// Hotkey staked to.
        hotkey: AccountId,
        /// Alpha to burn (capped at the stake held).
        amount: AlphaBalance,
        /// Subnet.
        netuid: NetUid,
    },
    /// Stake TAO (`add_stake`, or fill-or-kill `add_stake_limit` with a limit) and burn the alpha bought
    /// (a subnet buyback; origin: coldkey).
    #[codec(index = 132)]
    add_stake_burn {
        /// Hotkey to stake through.
        hotkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// TAO in rao.
        amount: TaoBalance,
        /// Highest price accepted, rao per alpha.
        limit: Option<TaoBalance>,
    },
    /// Stake the coldkey's miner incentive on `netuid` to `hotkey` instead of the mining hotkey
    /// (origin: coldkey).
    #[codec(index = 114)]
    set_coldkey_auto_stake_hotkey {
        /// Subnet.
        netuid: NetUid,
        /// Hotkey registered on the subnet.
        hotkey: AccountId,
    },
    /// Set weights on several subnets; failures are reported per subnet by events (origin: hotkey).
    #[codec(index = 80)]
    batch_set_weights {
        /// Subnets.
        netuids: Vec<Compact<NetUid>>,
        /// `(uid, weight)` rows, one per subnet.
        weights: Vec<Vec<(Compact<u16>, Compact<u16>)>>,
        /// Weights versions, one per subnet.
        version_keys: Vec<Compact<u64>>,
    },
    /// Reveal several commits on one subnet at once, all or none (origin: hotkey).
    #[codec(index = 98)]
    batch_reveal_weights {
        /// Subnet.
        netuid: NetUid,
        /// Destination UIDs of each reveal.
        uids_list: Vec<Vec<u16>>,
        /// Weights of each reveal.
        values_list: Vec<Vec<u16>>,
        /// Salt of each reveal.
        salts_list: Vec<Vec<u16>>,
        /// Weights version of each reveal.
        version_keys: Vec<u64>,
    },
    /// Commit weight hashes on several subnets; failures are reported per subnet by events
    /// (origin: hotkey).
    #[codec(index = 100)]
    batch_commit_weights {
        /// Subnets.
        netuids: Vec<Compact<NetUid>>,
        /// One hash per subnet.
        commit_hashes: Vec<H256>,
    },
    /// `commit_weights` for one mechanism of a subnet (taonet runs mechanism 0 only) (origin: hotkey).
    #[codec(index = 115)]
    commit_mechanism_weights {
        /// Subnet.
        netuid: NetUid,
        /// Mechanism (sub-subnet) id.
        mecid: u8,
        /// blake2_256 of SCALE(hotkey, netuid index, uids, values, salt, version_key).
        commit_hash: H256,
    },
    /// `reveal_weights` for one mechanism of a subnet (taonet runs mechanism 0 only) (origin: hotkey).
    #[codec(index = 116)]
    reveal_mechanism_weights {
        /// Subnet.
        netuid: NetUid,
        /// Mechanism (sub-subnet) id.
        mecid: u8,
        /// Destination UIDs.
        uids: Vec<u16>,
        /// Weights.
        values: Vec<u16>,
        /// Salt used in the commit.
        salt: Vec<u16>,
        /// Weights version.
        version_key: u64,
    },
}

/// Sudo calls (index 12).
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum SudoCall {
    /// Dispatch `call` with root origin (origin: the sudo key).
    #[codec(index = 0)]
    sudo {
        /// The call.
        call: Box<Call>,
    },
}

/// AdminUtils hyperparameter setters (index 19); root origin, or the subnet owner where subtensor allows.
#[allow(non_camel_case_types, missing_docs)]
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum AdminCall {
    #[codec(index = 3)]
    sudo_set_serving_rate_limit {
        netuid: NetUid,
        serving_rate_limit: u64,
    },
    #[codec(index = 6)]
    sudo_set_weights_version_key {
        netuid: NetUid,
        weights_version_key: u64,
    },
    #[codec(index = 7)]
    sudo_set_weights_set_rate_limit {
        netuid: NetUid,
        weights_set_rate_limit: u64,
    },
    #[codec(index = 13)]
    sudo_set_immunity_period {
        netuid: NetUid,
        immunity_period: u16,
    },
    #[codec(index = 14)]
    sudo_set_min_allowed_weights {
        netuid: NetUid,
        min_allowed_weights: u16,
    },
    #[codec(index = 15)]
    sudo_set_max_allowed_uids {
        netuid: NetUid,
        max_allowed_uids: u16,
    },
    #[codec(index = 16)]
    sudo_set_kappa { netuid: NetUid, kappa: u16 },
    #[codec(index = 17)]
    sudo_set_rho { netuid: NetUid, rho: u16 },
    #[codec(index = 18)]
    sudo_set_activity_cutoff {
        netuid: NetUid,
        activity_cutoff: u16,
    },
    #[codec(index = 19)]
    sudo_set_network_registration_allowed {
        netuid: NetUid,
        registration_allowed: bool,
    },
    #[codec(index = 22)]
    sudo_set_min_burn { netuid: NetUid, min_burn: u64 },
    #[codec(index = 23)]
    sudo_set_max_burn { netuid: NetUid, max_burn: u64 },
    #[codec(index = 25)]
    sudo_set_max_allowed_validators {
        netuid: NetUid,
        max_allowed_validators: u16,
    },
    #[codec(index = 26)]
    sudo_set_bonds_moving_average {
        netuid: NetUid,
        bonds_moving_average: u64,
    },
    #[codec(index = 29)]
    sudo_set_network_rate_limit { rate_limit: u64 },
    #[codec(index = 30)]
    sudo_set_tempo { netuid: NetUid, tempo: u16 },
    #[codec(index = 42)]
    sudo_set_stake_threshold { min_stake: u64 },
    #[codec(index = 49)]
    sudo_set_commit_reveal_weights_enabled { netuid: NetUid, enabled: bool },
    #[codec(index = 50)]
    sudo_set_liquid_alpha_enabled { netuid: NetUid, enabled: bool },
    #[codec(index = 51)]
    sudo_set_alpha_values {
        netuid: NetUid,
        alpha_low: u16,
        alpha_high: u16,
    },
    #[codec(index = 57)]
    sudo_set_commit_reveal_weights_interval { netuid: NetUid, interval: u64 },
    #[codec(index = 60)]
    sudo_set_bonds_penalty { netuid: NetUid, bonds_penalty: u16 },
    #[codec(index = 61)]
    sudo_set_toggle_transfer { netuid: NetUid, toggle: bool },
    #[codec(index = 66)]
    sudo_set_subtoken_enabled {
        netuid: NetUid,
        subtoken_enabled: bool,
    },
    #[codec(index = 69)]
    sudo_set_yuma3_enabled { netuid: NetUid, enabled: bool },
    #[codec(index = 74)]
    sudo_set_admin_freeze_window { window: u16 },
    #[codec(index = 89)]
    sudo_set_burn_half_life { netuid: NetUid, burn_half_life: u16 },
    #[codec(index = 94)]
    sudo_set_subnet_emission_enabled { netuid: NetUid, enabled: bool },
    #[codec(index = 1)]
    sudo_set_default_take { default_take: u16 },
    #[codec(index = 4)]
    sudo_set_min_difficulty { netuid: NetUid, min_difficulty: u64 },
    #[codec(index = 5)]
    sudo_set_max_difficulty { netuid: NetUid, max_difficulty: u64 },
    #[codec(index = 8)]
    sudo_set_adjustment_interval {
        netuid: NetUid,
        adjustment_interval: u16,
    },
    #[codec(index = 9)]
    sudo_set_adjustment_alpha {
        netuid: NetUid,
        adjustment_alpha: u64,
    },
    #[codec(index = 20)]
    sudo_set_network_pow_registration_allowed {
        netuid: NetUid,
        registration_allowed: bool,
    },
    #[codec(index = 21)]
    sudo_set_target_registrations_per_interval {
        netuid: NetUid,
        target_registrations_per_interval: u16,
    },
    #[codec(index = 24)]
    sudo_set_difficulty { netuid: NetUid, difficulty: u64 },
    #[codec(index = 27)]
    sudo_set_max_registrations_per_block {
        netuid: NetUid,
        max_registrations_per_block: u16,
    },
    #[codec(index = 28)]
    sudo_set_subnet_owner_cut { subnet_owner_cut: u16 },
    #[codec(index = 35)]
    sudo_set_network_immunity_period { immunity_period: u64 },
    #[codec(index = 36)]
    sudo_set_network_min_lock_cost { lock_cost: u64 },
    #[codec(index = 37)]
    sudo_set_subnet_limit { max_subnets: u16 },
    #[codec(index = 38)]
    sudo_set_lock_reduction_interval { interval: u64 },
    #[codec(index = 39)]
    sudo_set_rao_recycled { netuid: NetUid, rao_recycled: u64 },
    #[codec(index = 45)]
    sudo_set_tx_delegate_take_rate_limit { tx_rate_limit: u64 },
    #[codec(index = 46)]
    sudo_set_min_delegate_take { take: u16 },
    #[codec(index = 63)]
    sudo_set_subnet_moving_alpha {
        alpha: substrate_fixed::types::I96F32,
    },
    #[codec(index = 65)]
    sudo_set_ema_price_halving_period { netuid: NetUid, ema_halving: u64 },
    #[codec(index = 68)]
    sudo_set_alpha_sigmoid_steepness { netuid: NetUid, steepness: i16 },
    #[codec(index = 70)]
    sudo_set_bonds_reset_enabled { netuid: NetUid, enabled: bool },
    #[codec(index = 72)]
    sudo_set_owner_immune_neuron_limit { netuid: NetUid, immune_neurons: u16 },
    #[codec(index = 75)]
    sudo_set_owner_hparam_rate_limit { epochs: u16 },
    #[codec(index = 79)]
    sudo_set_min_allowed_uids {
        netuid: NetUid,
        min_allowed_uids: u16,
    },
    #[codec(index = 84)]
    sudo_set_min_non_immune_uids { netuid: NetUid, min: u16 },
    #[codec(index = 85)]
    sudo_set_start_call_delay { delay: u64 },
    #[codec(index = 90)]
    sudo_set_burn_increase_mult {
        netuid: NetUid,
        burn_increase_mult: substrate_fixed::types::U64F64,
    },
    #[codec(index = 96)]
    sudo_set_max_epochs_per_block { max_epochs_per_block: u8 },
    #[codec(index = 73)]
    sudo_set_ck_burn { burn: u64 },
    #[codec(index = 80)]
    sudo_set_recycle_or_burn {
        netuid: NetUid,
        recycle_or_burn: crate::items::RecycleOrBurnEnum,
    },
    #[codec(index = 2)]
    sudo_set_tx_rate_limit { tx_rate_limit: u64 },
    #[codec(index = 43)]
    sudo_set_nominator_min_required_stake { min_stake: u64 },
    #[codec(index = 92)]
    sudo_set_owner_cut_enabled { netuid: NetUid, enabled: bool },
    #[codec(index = 93)]
    sudo_set_min_childkey_take_per_subnet { netuid: NetUid, take: u16 },
    #[codec(index = 78)]
    sudo_trim_to_max_allowed_uids { netuid: NetUid, max_n: u16 },
    #[codec(index = 64)]
    sudo_set_subnet_owner_hotkey { netuid: NetUid, hotkey: AccountId },
    #[codec(index = 67)]
    sudo_set_sn_owner_hotkey { netuid: NetUid, hotkey: AccountId },
}

/// The runtime's call type.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Call {
    /// Balances (5).
    #[codec(index = 5)]
    Balances(BalancesCall),
    /// SubtensorModule (7).
    #[codec(index = 7)]
    SubtensorModule(SubtensorCall),
    /// Sudo (12).
    #[codec(index = 12)]
    Sudo(SudoCall),
    /// Commitments (18).
    #[codec(index = 18)]
    Commitments(crate::commitments::CommitmentsCall),
    /// AdminUtils (19).
    #[codec(index = 19)]
    AdminUtils(AdminCall),
    /// MevShield (30).
    #[codec(index = 30)]
    MevShield(crate::mev_shield::MevShieldCall),
}

impl Call {
    /// `pallet.call_name`, for logs and error messages.
    pub fn name(&self) -> String {
        let debug = match self {
            Call::Balances(c) => format!("Balances.{c:?}"),
            Call::SubtensorModule(c) => format!("SubtensorModule.{c:?}"),
            Call::Sudo(SudoCall::sudo { call }) => return format!("Sudo.sudo({})", call.name()),
            Call::AdminUtils(c) => format!("AdminUtils.{c:?}"),
            Call::Commitments(c) => format!("Commitments.{c:?}"),
            Call::MevShield(c) => return format!("MevShield.{}", mev_call_name(c)),
        };
        debug
            .split([' ', '{', '('])
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// Wraps a call in `Sudo.sudo`.
    pub fn sudo(call: Call) -> Call {
        Call::Sudo(SudoCall::sudo {
            call: Box::new(call),
        })
    }
}

/// A MevShield call's name, without formatting its (up to 8 KiB) ciphertext.
fn mev_call_name(call: &crate::mev_shield::MevShieldCall) -> &'static str {
    match call {
        crate::mev_shield::MevShieldCall::announce_next_key { .. } => "announce_next_key",
        crate::mev_shield::MevShieldCall::submit_encrypted { .. } => "submit_encrypted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_indices_match_subtensor() {
        let c = Call::SubtensorModule(SubtensorCall::start_call { netuid: 3 });
        assert_eq!(c.encode(), vec![7, 92, 3, 0]);
        assert_eq!(c.name(), "SubtensorModule.start_call");
        let t = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(AccountId([1; 32])),
            value: Compact(1),
        });
        assert_eq!(&t.encode()[..3], &[5, 3, 0]);
        let s = Call::sudo(Call::AdminUtils(AdminCall::sudo_set_admin_freeze_window {
            window: 0,
        }));
        assert_eq!(s.encode(), vec![12, 0, 19, 74, 0, 0]);
        // subtensor main: AdminUtils call 80, SubtensorModule calls 135 and 140.
        let r = Call::AdminUtils(AdminCall::sudo_set_recycle_or_burn {
            netuid: 2,
            recycle_or_burn: crate::items::RecycleOrBurnEnum::Recycle,
        });
        assert_eq!(r.encode(), vec![19, 80, 2, 0, 1]);
        let f = Call::SubtensorModule(SubtensorCall::set_activity_cutoff_factor {
            netuid: 1,
            factor_milli: 1_000,
        });
        assert_eq!(f.encode(), vec![7, 140, 1, 0, 0xe8, 0x03, 0, 0]);
        let a = Call::SubtensorModule(SubtensorCall::set_auto_parent_delegation_enabled {
            hotkey: AccountId([9; 32]),
            enabled: false,
        });
        assert_eq!(&a.encode()[..3], &[7, 135, 9]);
        assert_eq!(a.encode().len(), 2 + 32 + 1);
    }

    #[test]
    fn newer_staking_weights_and_admin_calls_encode_as_subtensor_main() {
        // batch_set_weights [80]: vectors of compacts; 65535 takes compact's four-byte mode
        // (65535 << 2 | 2 = 0x0003FFFE, little-endian).
        let b = Call::SubtensorModule(SubtensorCall::batch_set_weights {
            netuids: vec![Compact(1)],
            weights: vec![vec![(Compact(0), Compact(65_535))]],
            version_keys: vec![Compact(0)],
        });
        assert_eq!(
            b.encode(),
            vec![7, 80, 4, 4, 4, 4, 0, 0xFE, 0xFF, 0x03, 0x00, 4, 0]
        );
        // recycle_alpha [101] (hotkey, amount, netuid) and add_stake_burn [132] (hotkey, netuid, amount,
        // limit).
        let r = Call::SubtensorModule(SubtensorCall::recycle_alpha {
            hotkey: AccountId([3; 32]),
            amount: 258,
            netuid: 4,
        });
        let mut want = vec![7, 101];
        want.extend([3; 32]);
        want.extend([2, 1, 0, 0, 0, 0, 0, 0, 4, 0]);
        assert_eq!(r.encode(), want);
        let a = Call::SubtensorModule(SubtensorCall::add_stake_burn {
            hotkey: AccountId([3; 32]),
            netuid: 4,
            amount: 1,
            limit: Some(2),
        });
        let mut want = vec![7, 132];
        want.extend([3; 32]);
        want.extend([4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(a.encode(), want);
        let m = Call::SubtensorModule(SubtensorCall::commit_mechanism_weights {
            netuid: 1,
            mecid: 0,
            commit_hash: [9; 32],
        });
        assert_eq!(&m.encode()[..5], &[7, 115, 1, 0, 0]);
        assert_eq!(m.name(), "SubtensorModule.commit_mechanism_weights");
        let o = Call::AdminUtils(AdminCall::sudo_set_owner_cut_enabled {
            netuid: 2,
            enabled: true,
        });
        assert_eq!(o.encode(), vec![19, 92, 2, 0, 1]);
        let t = Call::AdminUtils(AdminCall::sudo_set_tx_rate_limit { tx_rate_limit: 5 });
        assert_eq!(t.encode(), vec![19, 2, 5, 0, 0, 0, 0, 0, 0, 0]);
        let n = Call::AdminUtils(AdminCall::sudo_set_nominator_min_required_stake { min_stake: 1 });
        assert_eq!(n.encode(), vec![19, 43, 1, 0, 0, 0, 0, 0, 0, 0]);
    }
}
