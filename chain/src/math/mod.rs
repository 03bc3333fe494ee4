//! Pure economic arithmetic of subtensor, as free functions over plain numbers.
//!
//! This module owns the formulas, not the state: nothing here reads or writes storage. The staking,
//! coinbase and registration modules read reserves, issuance and hyperparameters from storage, call
//! these functions and write the results back. Each function mirrors the subtensor function named in
//! its documentation, in the same fixed-point types (`substrate_fixed`) and with the same rounding, so
//! that results match a real node to the rao.
//!
//! - [`swap`]: the subnet TAO/alpha pool (swap pallet, Balancer weighted pool), fees, price
//!   limits and the guards that reject a swap.
//! - [`emission`]: block emission and halvings, and the subnet price EMA.
//! - [`burn`]: the neuron registration price (per-block decay with a half-life, bump per registration).
//! - [`lock`]: the subnet registration lock cost.
//! - [`pow_ratio`]: the big-integer power the Balancer pool's weighted formulas use.

pub mod burn;
pub mod emission;
pub mod lock;
pub mod pow_ratio;
pub mod swap;
