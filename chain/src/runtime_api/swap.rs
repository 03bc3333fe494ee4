//! `SwapRuntimeApi`: spot prices and simulated swaps against a subnet's pool, as
//! `pallet_subtensor_swap`'s runtime API answers them (a failed simulation is all zeros; stable
//! subnets swap 1:1 without a fee).

use super::{out, Args, RuntimeApiError};
use crate::math::swap::SwapSide;
use crate::pool;
use crate::rpc_info::{SimSwapResult, SubnetPrice};
use crate::runtime::Chain;
use crate::storage::Storage;
use crate::types::NetUid;

fn zero() -> SimSwapResult {
    SimSwapResult {
        tao_amount: 0,
        alpha_amount: 0,
        tao_fee: 0,
        alpha_fee: 0,
    }
}

/// Simulates `amount` of the input side of `side` on `netuid`'s pool.
pub(crate) fn simulate(s: &Storage, netuid: NetUid, side: SwapSide, amount: u64) -> SimSwapResult {
    match (side, pool::sim_swap(s, netuid, side, amount)) {
        (_, Err(_)) => zero(),
        (SwapSide::BuyAlpha, Ok(r)) => SimSwapResult {
            tao_amount: r.amount_in_used,
            alpha_amount: r.amount_out,
            tao_fee: r.fee,
            alpha_fee: 0,
        },
        (SwapSide::SellAlpha, Ok(r)) => SimSwapResult {
            tao_amount: r.amount_out,
            alpha_amount: r.amount_in_used,
            tao_fee: 0,
            alpha_fee: r.fee,
        },
    }
}

/// Dispatches one `SwapRuntimeApi` method; `None` if there is no such method.
pub(super) fn call(
    chain: &Chain,
    method: &str,
    args: &mut Args<'_>,
) -> Result<Option<Vec<u8>>, RuntimeApiError> {
    let s = chain.storage();
    match method {
        "current_alpha_price" => out(pool::spot_price_rao(s, args.next()?)),
        "current_alpha_price_all" => out(super::all_netuids(s)
            .into_iter()
            .map(|netuid| SubnetPrice {
                netuid,
                price: pool::spot_price_rao(s, netuid),
            })
            .collect::<Vec<_>>()),
        "sim_swap_tao_for_alpha" => {
            let netuid: NetUid = args.next()?;
            out(simulate(s, netuid, SwapSide::BuyAlpha, args.next()?))
        }
        "sim_swap_alpha_for_tao" => {
            let netuid: NetUid = args.next()?;
            out(simulate(s, netuid, SwapSide::SellAlpha, args.next()?))
        }
        _ => Ok(None),
    }
}
