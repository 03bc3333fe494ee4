//! Subnet identities (`SubnetIdentitiesV3`): `set_subnet_identity` by the subnet owner and
//! `register_network_with_identity`, with subtensor's length limits (`InvalidIdentity` beyond them).
//!
//! The runtime APIs serve a stored identity in `DynamicInfo::subnet_identity`, `Metagraph::identity` and
//! `SubnetInfov2::identity`, and its non-empty `subnet_name` as the subnet's name. Coldkey identities
//! (`set_identity`, `IdentitiesV2`) are not served.

use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{SubnetIdentitiesV3, SubnetOwner};
use crate::rpc_info::SubnetIdentityV3;
use crate::storage::Storage;
use crate::subnets::{self, SubnetDefaults};
use crate::types::{AccountId, NetUid};

/// Longest `subnet_name` and `discord`, in bytes.
pub const SHORT_FIELD_MAX: usize = 256;
/// Longest of every other field, in bytes.
pub const LONG_FIELD_MAX: usize = 1024;

/// Whether `identity` fits subtensor's limits: 256 bytes for the name and the Discord handle, 1024 for
/// every other field.
pub fn is_valid(identity: &SubnetIdentityV3) -> bool {
    let short = [&identity.subnet_name, &identity.discord];
    let long = [
        &identity.github_repo,
        &identity.subnet_contact,
        &identity.subnet_url,
        &identity.description,
        &identity.logo_url,
        &identity.additional,
    ];
    short.iter().all(|f| f.len() <= SHORT_FIELD_MAX)
        && long.iter().all(|f| f.len() <= LONG_FIELD_MAX)
}

fn store(
    ctx: &mut Ctx<'_>,
    netuid: NetUid,
    identity: SubnetIdentityV3,
) -> Result<(), DispatchError> {
    if !is_valid(&identity) {
        return Err(SubtensorError::InvalidIdentity.into());
    }
    SubnetIdentitiesV3::insert(ctx.s, &netuid, identity);
    ctx.deposit(SubtensorEvent::SubnetIdentitySet(netuid));
    Ok(())
}

/// `set_subnet_identity(netuid, …)`: only the subnet's owner coldkey may set it (`NotSubnetOwner`).
pub fn set_subnet_identity(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    netuid: NetUid,
    identity: SubnetIdentityV3,
) -> Result<(), DispatchError> {
    if SubnetOwner::get(ctx.s, &netuid) != *coldkey {
        return Err(SubtensorError::NotSubnetOwner.into());
    }
    store(ctx, netuid, identity)
}

/// `register_network_with_identity(hotkey, identity)`: `register_network`, then the identity if one is
/// given. An invalid identity fails the whole call (the registration is rolled back with it).
pub fn register_network_with_identity(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    identity: Option<SubnetIdentityV3>,
    defaults: &SubnetDefaults,
) -> Result<NetUid, DispatchError> {
    let netuid = subnets::register_network(ctx, coldkey, hotkey, defaults)?;
    if let Some(identity) = identity {
        store(ctx, netuid, identity)?;
    }
    Ok(netuid)
}

/// The identity of `netuid`, if one was set.
pub fn of(s: &Storage, netuid: NetUid) -> Option<SubnetIdentityV3> {
    SubnetIdentitiesV3::try_get(s, &netuid)
}

/// The subnet's name from its identity, when the identity has a non-empty one.
pub fn name(s: &Storage, netuid: NetUid) -> Option<Vec<u8>> {
    of(s, netuid)
        .map(|identity| identity.subnet_name)
        .filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{BalancesCall, Call, MultiAddress, SubtensorCall};
    use crate::event::Event;
    use crate::items::TotalNetworks;
    use crate::keys::{dev_account, Keypair};
    use crate::rpc_info::DynamicInfo;
    use crate::types::RAO_PER_TAO;
    use crate::{Chain, Extrinsic, Genesis};
    use parity_scale_codec::Compact;
    use parity_scale_codec::{Decode, Encode};

    fn key(name: &str) -> AccountId {
        Keypair::derive(79, name).account_id()
    }

    fn apply(chain: &mut Chain, signer: AccountId, call: Call) -> Result<(), String> {
        let nonce = chain.account_nonce(&signer);
        let out = chain.build_block(vec![Extrinsic {
            signer,
            nonce,
            call,
        }]);
        match &out.receipts[0].outcome {
            Ok(result) => result.map_err(|e| e.name()),
            Err(invalid) => panic!("not included: {invalid}"),
        }
    }

    fn identity(name: &[u8]) -> SubnetIdentityV3 {
        SubnetIdentityV3 {
            subnet_name: name.to_vec(),
            github_repo: b"https://github.com/taonet/sn".to_vec(),
            subnet_contact: b"dev@taonet.local".to_vec(),
            subnet_url: b"https://taonet.local".to_vec(),
            discord: b"taonet".to_vec(),
            description: b"a devnet subnet".to_vec(),
            logo_url: b"https://taonet.local/logo.png".to_vec(),
            additional: b"devnet".to_vec(),
        }
    }

    /// `SubnetInfoRuntimeApi_get_dynamic_info(netuid)`, through the runtime-API entry point.
    fn dynamic_info(chain: &Chain, netuid: NetUid) -> Option<DynamicInfo> {
        let out = crate::runtime_api::call(
            chain,
            "SubnetInfoRuntimeApi_get_dynamic_info",
            &netuid.encode(),
        )
        .expect("the method exists");
        Option::<DynamicInfo>::decode(&mut &out[..]).expect("decodes")
    }

    fn funded(owner: AccountId) -> Chain {
        let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
        let alice = dev_account("Alice").expect("alice");
        let fund = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(owner),
            value: Compact(5_000 * RAO_PER_TAO),
        });
        assert_eq!(apply(&mut chain, alice, fund), Ok(()));
        chain
    }

    #[test]
    fn a_subnet_registered_with_an_identity_is_named_by_it() {
        let owner = key("owner");
        let mut chain = funded(owner);
        let register = Call::SubtensorModule(SubtensorCall::register_network_with_identity {
            hotkey: key("owner-hot"),
            identity: Some(identity(b"apex-dev")),
        });
        // Pallet 7, call 79, the hotkey, then `Some` (1) and the identity's fields.
        assert_eq!(&register.encode()[..2], &[7, 79]);
        assert_eq!(register.encode()[34], 1);
        assert_eq!(apply(&mut chain, owner, register), Ok(()));
        let s = chain.storage();
        assert_eq!(of(s, 1), Some(identity(b"apex-dev")));
        let info = dynamic_info(&chain, 1).expect("subnet 1");
        assert_eq!(info.subnet_identity, Some(identity(b"apex-dev")));
        let name: Vec<u8> = info.subnet_name.iter().map(|c| c.0).collect();
        assert_eq!(name, b"apex-dev");

        // The owner renames it; an empty name falls back to the default one.
        let set = |name: &[u8]| {
            let id = identity(name);
            Call::SubtensorModule(SubtensorCall::set_subnet_identity {
                netuid: 1,
                subnet_name: id.subnet_name,
                github_repo: id.github_repo,
                subnet_contact: id.subnet_contact,
                subnet_url: id.subnet_url,
                discord: id.discord,
                description: id.description,
                logo_url: id.logo_url,
                additional: id.additional,
            })
        };
        let stranger = dev_account("Alice").expect("alice");
        assert_eq!(
            apply(&mut chain, stranger, set(b"taken")),
            Err("SubtensorModule.NotSubnetOwner".into())
        );
        assert_eq!(apply(&mut chain, owner, set(b"")), Ok(()));
        let info = dynamic_info(&chain, 1).expect("subnet 1");
        let name: Vec<u8> = info.subnet_name.iter().map(|c| c.0).collect();
        assert_eq!(name, b"subnet-1");
        assert_eq!(info.subnet_identity, Some(identity(b"")));
    }

    #[test]
    fn an_invalid_identity_fails_the_registration_whole() {
        let owner = key("owner");
        let mut chain = funded(owner);
        let before = crate::balances::free_balance(chain.storage(), &owner);
        let networks = TotalNetworks::get(chain.storage());
        let mut too_long = identity(&[b'n'; 257]);
        let register = |identity| {
            Call::SubtensorModule(SubtensorCall::register_network_with_identity {
                hotkey: key("owner-hot"),
                identity,
            })
        };
        assert_eq!(
            apply(&mut chain, owner, register(Some(too_long.clone()))),
            Err("SubtensorModule.InvalidIdentity".into())
        );
        // Rolled back: no subnet, no lock paid (only the fee).
        assert!(!subnets::exists(chain.storage(), 1));
        assert_eq!(TotalNetworks::get(chain.storage()), networks);
        assert!(before - crate::balances::free_balance(chain.storage(), &owner) < RAO_PER_TAO);
        assert!(crate::runtime::Events::get(chain.storage())
            .iter()
            .all(|r| !matches!(
                r.event,
                Event::SubtensorModule(SubtensorEvent::SubnetIdentitySet(_))
            )));
        // At the limits exactly, it is accepted; without an identity, none is stored.
        too_long.subnet_name.truncate(SHORT_FIELD_MAX);
        too_long.description = vec![b'd'; LONG_FIELD_MAX];
        assert!(is_valid(&too_long));
        too_long.discord = vec![b'x'; SHORT_FIELD_MAX + 1];
        assert!(!is_valid(&too_long));
        assert_eq!(apply(&mut chain, owner, register(None)), Ok(()));
        assert_eq!(of(chain.storage(), 1), None);
    }
}
