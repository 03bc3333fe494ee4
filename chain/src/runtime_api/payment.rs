//! `TransactionPaymentApi`: the weight, class and fee of an extrinsic, computed exactly as inclusion
//! charges it ([`crate::fees`]). The signature is never checked: clients estimate fees with a zeroed
//! one.

use super::{out, Args, RuntimeApiError};
use crate::call::Call;
use crate::event::{Pays, Weight};
use crate::fees::{self, CallInfo};
use crate::rpc_info::{FeeDetails, InclusionFee, RuntimeDispatchInfo};
use crate::runtime::Chain;
use crate::transaction::{self, UNSIGNED_V4};
use parity_scale_codec::{Compact, DecodeAll, Encode};

/// An extrinsic as the fee queries see it: its call's info and, if signed, its tip.
struct Queried {
    info: CallInfo,
    /// `Some(tip)` for a signed extrinsic, `None` for a bare one (which pays nothing).
    tip: Option<u64>,
}

/// Reads the `uxt` argument (a length-prefixed extrinsic) without verifying its signature.
fn read_uxt(args: &mut Args<'_>) -> Result<Queried, RuntimeApiError> {
    let Compact(n) = args.next::<Compact<u32>>()?;
    let body = args.take(n as usize)?.to_vec();
    let (call, tip) = match body.first() {
        Some(&UNSIGNED_V4) => (body[1..].to_vec(), None),
        _ => {
            let mut prefixed = Compact(n).encode();
            prefixed.extend_from_slice(&body);
            let uxt = transaction::decode(&prefixed).map_err(|e| args.bad(&e.to_string()))?;
            (uxt.call, Some(uxt.extra.tip))
        }
    };
    let call = Call::decode_all(&mut call.as_slice()).map_err(|e| args.bad(&e.to_string()))?;
    Ok(Queried {
        info: fees::call_info(&call),
        tip,
    })
}

/// `query_info(uxt, len)` for a length-prefixed extrinsic `uxt` (signature not checked).
pub fn query_info(uxt: &[u8], len: u32) -> Result<RuntimeDispatchInfo, RuntimeApiError> {
    let mut input = uxt.to_vec();
    input.extend_from_slice(&len.encode());
    let mut args = Args {
        method: "TransactionPaymentApi_query_info",
        input: &input,
    };
    info(&mut args)
}

/// `query_fee_details(uxt, len)` for a length-prefixed extrinsic `uxt` (signature not checked).
pub fn query_fee_details(uxt: &[u8], len: u32) -> Result<FeeDetails, RuntimeApiError> {
    let mut input = uxt.to_vec();
    input.extend_from_slice(&len.encode());
    let mut args = Args {
        method: "TransactionPaymentApi_query_fee_details",
        input: &input,
    };
    details(&mut args)
}

fn info(args: &mut Args<'_>) -> Result<RuntimeDispatchInfo, RuntimeApiError> {
    let q = read_uxt(args)?;
    let len: u32 = args.next()?;
    let partial_fee = match q.tip {
        Some(tip) => fees::compute(&q.info, len, tip).partial(),
        None => 0,
    };
    Ok(RuntimeDispatchInfo {
        weight: q.info.weight,
        class: q.info.class,
        partial_fee,
    })
}

fn details(args: &mut Args<'_>) -> Result<FeeDetails, RuntimeApiError> {
    let q = read_uxt(args)?;
    let len: u32 = args.next()?;
    Ok(match q.tip {
        None => FeeDetails {
            inclusion_fee: None,
            tip: 0,
        },
        Some(tip) => {
            let f = fees::compute(&q.info, len, tip);
            FeeDetails {
                inclusion_fee: (q.info.pays == Pays::Yes).then_some(InclusionFee {
                    base_fee: f.base_fee,
                    len_fee: f.len_fee,
                    adjusted_weight_fee: f.weight_fee,
                }),
                tip,
            }
        }
    })
}

/// Dispatches one `TransactionPaymentApi` method; `None` if there is no such method.
pub(super) fn call(
    _chain: &Chain,
    method: &str,
    args: &mut Args<'_>,
) -> Result<Option<Vec<u8>>, RuntimeApiError> {
    match method {
        "query_info" => out(info(args)?),
        "query_fee_details" => out(details(args)?),
        "query_weight_to_fee" => {
            let w: Weight = args.next()?;
            out(fees::weight_to_fee(w.ref_time.0))
        }
        "query_length_to_fee" => out(fees::length_to_fee(args.next()?)),
        _ => Ok(None),
    }
}
