//! Conformance of taonet's generated metadata with the real subtensor runtime's (spec 208, V15).
//!
//! For every pallet, call, event, error, storage entry, constant, signed extension and runtime API that
//! taonet serves, the real metadata must have the same index, name, argument/field names and type shape.
//! Shapes are compared structurally, never by type id: primitives, composite field names (in order),
//! variant names and indices, sequences, arrays (with length), compacts and tuples, recursively.
//! Two relaxations, both encoding-neutral: a single-field unnamed composite (`H256([u8; 32])`) is compared
//! as its field, and a nested enum of ours may have fewer variants than the real one (e.g. `MultiAddress`
//! with only `Id`), each present variant matching by index, name and fields.

use frame_metadata::v15::RuntimeMetadataV15;
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use parity_scale_codec::Decode;
use scale_info::{Field, PortableRegistry, TypeDef};
use std::collections::HashSet;
use taonet_chain::metadata;

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/reference/metadata/subtensor-spec208-v15.scale"
);

/// Calls taonet adds beyond spec 208, as `(pallet, call)` (from later subtensor releases), and variants
/// of nested enums the same releases added (the `Hyperparameter` rate-limit keys of those setters).
const TAONET_ONLY_CALLS: &[(&str, &str)] = &[
    ("AdminUtils", "sudo_set_burn_half_life"),
    ("AdminUtils", "sudo_set_subnet_emission_enabled"),
    ("AdminUtils", "sudo_set_min_non_immune_uids"),
    ("AdminUtils", "sudo_set_start_call_delay"),
    ("AdminUtils", "sudo_set_burn_increase_mult"),
    ("AdminUtils", "sudo_set_max_epochs_per_block"),
    ("SubtensorModule", "BurnHalfLife"),
    ("SubtensorModule", "BurnIncreaseMult"),
    // `register_limit` (call 134) and its error, checked against subtensor's source in
    // `items_newer_than_spec208_match_subtensor_main`.
    ("SubtensorModule", "register_limit"),
    ("SubtensorModule", "RegistrationPriceLimitExceeded"),
    // `RootClaimTypeEnum::KeepSubnets` (subtensor main; not in spec 208): checked against the devnet's
    // V16 metadata in `root_claims_conform_to_subtensor`.
    ("SubtensorModule", "KeepSubnets"),
    // Owner epoch scheduling (calls 139 and 141), its errors and event, the `TriggerEpoch` rate-limit
    // key, and `CannotUseSystemAccount`: checked in `tempo_control_items_match_subtensor_main`.
    ("SubtensorModule", "set_tempo"),
    ("SubtensorModule", "trigger_epoch"),
    ("SubtensorModule", "TempoOutOfBounds"),
    ("SubtensorModule", "EpochTriggerAlreadyPending"),
    ("SubtensorModule", "AutoEpochAlreadyImminent"),
    ("SubtensorModule", "DynamicTempoBlockedByCommitReveal"),
    ("SubtensorModule", "CannotUseSystemAccount"),
    ("SubtensorModule", "EpochTriggered"),
    ("SubtensorModule", "TriggerEpoch"),
    // `set_activity_cutoff_factor` [140] and auto parent delegation [135], their event, error and
    // rate-limit key: checked in `activity_cutoff_and_auto_parent_items_match_subtensor_main`.
    ("SubtensorModule", "set_activity_cutoff_factor"),
    ("SubtensorModule", "set_auto_parent_delegation_enabled"),
    ("SubtensorModule", "ActivityCutoffFactorMilliOutOfBounds"),
    ("SubtensorModule", "ActivityCutoffFactorMilliSet"),
    ("SubtensorModule", "AutoParentDelegationEnabledSet"),
    ("SubtensorModule", "ActivityCutoffFactorMilli"),
    // `add_stake_burn` [132] and its event, checked against the devnet's V16 metadata, and
    // `AdminUtils.sudo_set_owner_cut_enabled` [92] with its error, checked against subtensor main's
    // source: both in `staking_and_owner_cut_items_newer_than_spec208_match_subtensor`.
    ("SubtensorModule", "add_stake_burn"),
    ("SubtensorModule", "AddStakeBurn"),
    ("AdminUtils", "sudo_set_owner_cut_enabled"),
    ("AdminUtils", "NotPermittedOnRootSubnet"),
    // `AdminUtils.sudo_set_min_childkey_take_per_subnet` [93], its event and its rate-limit key: checked
    // in `min_childkey_take_per_subnet_items_match_subtensor_main`.
    ("AdminUtils", "sudo_set_min_childkey_take_per_subnet"),
    ("SubtensorModule", "MinChildKeyTakePerSubnetSet"),
    ("SubtensorModule", "MinChildkeyTake"),
    // Swap errors subtensor main added after spec 208's last one (main renumbered the rest; taonet
    // keeps spec 208's indices and appends these).
    ("Swap", "ReservesOutOfBalance"),
    ("Swap", "SwapInputTooLarge"),
    ("Swap", "Deprecated"),
];

/// Variants spec 208 has under the same name and index but whose fields subtensor main changed, as
/// `(pallet, variant)`: their index and name are compared here, their fields in
/// `staking_and_owner_cut_items_newer_than_spec208_match_subtensor`.
const RESHAPED_SINCE_SPEC208: &[(&str, &str)] = &[("SubtensorModule", "BatchWeightItemFailed")];

/// Runtime-API methods taonet declares beyond spec 208, as `(api, method)`, checked against subtensor's
/// source in `items_newer_than_spec208_match_subtensor_main`.
const TAONET_ONLY_API_METHODS: &[(&str, &str)] = &[
    ("StakeInfoRuntimeApi", "get_coldkey_lock"),
    ("SubnetInfoRuntimeApi", "get_subnet_hyperparams_v3"),
];

/// Pallets spec 208 does not have: each is compared with a newer reference in a test of its own.
const NEWER_PALLETS: &[&str] = &["MevShield"];

/// The Nov-2025 devnet runtime (V16 metadata): the oldest reference that has `MevShield`.
const DEVNET_V16: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/reference/metadata/subtensor-devnet-v16.scale"
);

/// Paths that legitimately differ: `(ours, reference)`.
const PATH_ALIASES: &[(&str, &str)] = &[(
    "sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic",
    "fp_self_contained::unchecked_extrinsic::UncheckedExtrinsic",
)];

fn v15(bytes: &[u8], what: &str) -> RuntimeMetadataV15 {
    match RuntimeMetadataPrefixed::decode(&mut &bytes[..]) {
        Ok(RuntimeMetadataPrefixed(_, RuntimeMetadata::V15(md))) => md,
        Ok(_) => panic!("{what} is not V15 metadata"),
        Err(e) => panic!("{what} does not decode as metadata: {e}"),
    }
}

fn reference() -> RuntimeMetadataV15 {
    let bytes = std::fs::read(REFERENCE).unwrap_or_else(|e| {
        panic!(
            "reference metadata missing at {REFERENCE} ({e}); the conformance test needs \
             shared/reference/metadata/subtensor-spec208-v15.scale next to the repository"
        )
    });
    v15(&bytes, "the reference")
}

/// Walks two types side by side and records every difference.
struct Cmp<'a> {
    ours: &'a PortableRegistry,
    theirs: &'a PortableRegistry,
    seen: HashSet<(u32, u32)>,
    errors: Vec<String>,
}

impl<'a> Cmp<'a> {
    fn new(ours: &'a PortableRegistry, theirs: &'a PortableRegistry) -> Self {
        Cmp {
            ours,
            theirs,
            seen: HashSet::new(),
            errors: Vec::new(),
        }
    }

    fn err(&mut self, ctx: &str, msg: String) {
        self.errors.push(format!("{ctx}: {msg}"));
    }

    /// Follows single-unnamed-field composites down to what they wrap.
    fn unwrap(reg: &PortableRegistry, mut id: u32) -> u32 {
        while let Some(t) = reg.resolve(id) {
            match &t.type_def {
                TypeDef::Composite(c) if c.fields.len() == 1 && c.fields[0].name.is_none() => {
                    id = c.fields[0].ty.id;
                }
                _ => break,
            }
        }
        id
    }

    fn ty(&mut self, ctx: &str, o: u32, t: u32) {
        if !self.seen.insert((o, t)) {
            return;
        }
        let (Some(ot), Some(tt)) = (self.ours.resolve(o), self.theirs.resolve(t)) else {
            return self.err(ctx, format!("unresolvable type id (ours {o}, theirs {t})"));
        };
        let (op, tp) = (ot.path.segments.join("::"), tt.path.segments.join("::"));
        let aliased = PATH_ALIASES.iter().any(|(a, b)| *a == op && *b == tp);
        if !op.is_empty() && !tp.is_empty() && op != tp && !aliased {
            self.err(ctx, format!("path {op} != {tp}"));
        }
        let (o, t) = (Self::unwrap(self.ours, o), Self::unwrap(self.theirs, t));
        let (Some(ot), Some(tt)) = (self.ours.resolve(o), self.theirs.resolve(t)) else {
            return self.err(ctx, "unresolvable wrapped type".into());
        };
        match (&ot.type_def, &tt.type_def) {
            (TypeDef::Primitive(a), TypeDef::Primitive(b)) if a == b => {}
            (TypeDef::Compact(a), TypeDef::Compact(b)) => {
                self.ty(&format!("{ctx}<compact>"), a.type_param.id, b.type_param.id)
            }
            (TypeDef::Sequence(a), TypeDef::Sequence(b)) => {
                self.ty(&format!("{ctx}[]"), a.type_param.id, b.type_param.id)
            }
            (TypeDef::Array(a), TypeDef::Array(b)) if a.len == b.len => {
                self.ty(&format!("{ctx}[;]"), a.type_param.id, b.type_param.id)
            }
            (TypeDef::Tuple(a), TypeDef::Tuple(b)) if a.fields.len() == b.fields.len() => {
                for (i, (x, y)) in a.fields.iter().zip(&b.fields).enumerate() {
                    self.ty(&format!("{ctx}.{i}"), x.id, y.id);
                }
            }
            (TypeDef::Composite(a), TypeDef::Composite(b)) => {
                self.fields(ctx, &a.fields, &b.fields)
            }
            (TypeDef::Variant(a), TypeDef::Variant(b)) => {
                for v in &a.variants {
                    // Outer enums (a `RuntimeCall` inside `Sudo.sudo`, events in `System.Events`)
                    // carry the newer pallets' variants too.
                    if TAONET_ONLY_CALLS.iter().any(|(_, c)| *c == v.name)
                        || NEWER_PALLETS.contains(&v.name.as_str())
                    {
                        continue;
                    }
                    match b.variants.iter().find(|w| w.index == v.index) {
                        Some(w) if w.name == v.name => {
                            if !RESHAPED_SINCE_SPEC208.iter().any(|(_, n)| *n == v.name) {
                                self.fields(&format!("{ctx}::{}", v.name), &v.fields, &w.fields)
                            }
                        }
                        Some(w) => self.err(ctx, format!("variant {} is {} there", v.name, w.name)),
                        None => self.err(ctx, format!("no variant {} (index {})", v.name, v.index)),
                    }
                }
            }
            (TypeDef::BitSequence(_), TypeDef::BitSequence(_)) => {}
            (a, b) => self.err(ctx, format!("shape {a:?} != {b:?}")),
        }
    }

    fn fields(
        &mut self,
        ctx: &str,
        a: &[Field<scale_info::form::PortableForm>],
        b: &[Field<scale_info::form::PortableForm>],
    ) {
        let names = |f: &[Field<_>]| f.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
        if names(a) != names(b) {
            return self.err(ctx, format!("fields {:?} != {:?}", names(a), names(b)));
        }
        for (x, y) in a.iter().zip(b) {
            let n = x.name.clone().unwrap_or_default();
            self.ty(&format!("{ctx}.{n}"), x.ty.id, y.ty.id);
        }
    }
}

/// Compares a pallet-level enum (calls, events or errors) variant by variant.
fn pallet_enum(cmp: &mut Cmp, ctx: &str, pallet: &str, o: u32, t: u32) {
    let (Some(ot), Some(tt)) = (cmp.ours.resolve(o), cmp.theirs.resolve(t)) else {
        return cmp.err(ctx, "unresolvable enum".into());
    };
    let (TypeDef::Variant(a), TypeDef::Variant(b)) = (&ot.type_def, &tt.type_def) else {
        return cmp.err(ctx, "not an enum".into());
    };
    for v in &a.variants {
        if TAONET_ONLY_CALLS.contains(&(pallet, v.name.as_str())) {
            assert!(
                b.variants.iter().all(|w| w.name != v.name),
                "{pallet}.{} is listed as taonet-only but exists in the reference",
                v.name
            );
            continue;
        }
        match b.variants.iter().find(|w| w.index == v.index) {
            Some(w) if w.name == v.name => {
                if !RESHAPED_SINCE_SPEC208.contains(&(pallet, v.name.as_str())) {
                    cmp.fields(&format!("{ctx}.{}", v.name), &v.fields, &w.fields)
                }
            }
            Some(w) => cmp.err(
                ctx,
                format!("index {} is {} there, {} here", v.index, w.name, v.name),
            ),
            None => cmp.err(ctx, format!("no {} (index {}) there", v.name, v.index)),
        }
    }
}

#[test]
fn metadata_conforms_to_subtensor_spec208() {
    let theirs = reference();
    let ours = v15(&metadata::encoded_v15(), "taonet's V15");
    let mut cmp = Cmp::new(&ours.types, &theirs.types);
    let mut counts = [0usize; 6];

    for p in &ours.pallets {
        if NEWER_PALLETS.contains(&p.name.as_str()) {
            continue;
        }
        let Some(rp) = theirs.pallets.iter().find(|r| r.name == p.name) else {
            cmp.err(&p.name, "no such pallet in the reference".into());
            continue;
        };
        assert_eq!(p.index, rp.index, "pallet {} index", p.name);
        if let Some(c) = &p.calls {
            match &rp.calls {
                Some(rc) => pallet_enum(
                    &mut cmp,
                    &format!("{}.calls", p.name),
                    &p.name,
                    c.ty.id,
                    rc.ty.id,
                ),
                None => cmp.err(&p.name, "reference has no calls".into()),
            }
            counts[0] += 1;
        }
        if let Some(e) = &p.event {
            match &rp.event {
                Some(re) => pallet_enum(
                    &mut cmp,
                    &format!("{}.events", p.name),
                    &p.name,
                    e.ty.id,
                    re.ty.id,
                ),
                None => cmp.err(&p.name, "reference has no events".into()),
            }
            counts[1] += 1;
        }
        if let Some(e) = &p.error {
            match &rp.error {
                Some(re) => pallet_enum(
                    &mut cmp,
                    &format!("{}.errors", p.name),
                    &p.name,
                    e.ty.id,
                    re.ty.id,
                ),
                None => cmp.err(&p.name, "reference has no errors".into()),
            }
            counts[2] += 1;
        }
        for s in p.storage.iter().flat_map(|s| &s.entries) {
            let ctx = format!("{}.{}", p.name, s.name);
            let found = rp
                .storage
                .iter()
                .flat_map(|r| &r.entries)
                .find(|r| r.name == s.name);
            let only = metadata::storage::TAONET_ONLY.contains(&(p.name.as_str(), s.name.as_str()));
            match (found, only) {
                (Some(_), true) => cmp.err(
                    &ctx,
                    "listed as taonet-only but exists in the reference".into(),
                ),
                (None, true) => continue,
                (None, false) => {
                    cmp.err(&ctx, "no such storage entry in the reference".into());
                    continue;
                }
                (Some(r), false) => {
                    counts[3] += 1;
                    if format!("{:?}", s.modifier) != format!("{:?}", r.modifier) {
                        cmp.err(
                            &ctx,
                            format!("modifier {:?} != {:?}", s.modifier, r.modifier),
                        );
                    }
                    use frame_metadata::v14::StorageEntryType as T;
                    match (&s.ty, &r.ty) {
                        (T::Plain(a), T::Plain(b)) => cmp.ty(&ctx, a.id, b.id),
                        (
                            T::Map {
                                hashers: ha,
                                key: ka,
                                value: va,
                            },
                            T::Map {
                                hashers: hb,
                                key: kb,
                                value: vb,
                            },
                        ) => {
                            if format!("{ha:?}") != format!("{hb:?}") {
                                cmp.err(&ctx, format!("hashers {ha:?} != {hb:?}"));
                            }
                            cmp.ty(&format!("{ctx}<key>"), ka.id, kb.id);
                            cmp.ty(&format!("{ctx}<value>"), va.id, vb.id);
                        }
                        _ => cmp.err(&ctx, "plain vs map".into()),
                    }
                }
            }
        }
        for c in &p.constants {
            let ctx = format!("{}.{}", p.name, c.name);
            match rp.constants.iter().find(|r| r.name == c.name) {
                Some(r) => cmp.ty(&ctx, c.ty.id, r.ty.id),
                None => cmp.err(&ctx, "no such constant in the reference".into()),
            }
            counts[4] += 1;
        }
    }

    // Extrinsic format and signed extensions.
    let (e, r) = (&ours.extrinsic, &theirs.extrinsic);
    assert_eq!(e.version, r.version, "extrinsic version");
    cmp.ty("extrinsic.address", e.address_ty.id, r.address_ty.id);
    cmp.ty("extrinsic.signature", e.signature_ty.id, r.signature_ty.id);
    let ids = |x: &frame_metadata::v15::ExtrinsicMetadata<scale_info::form::PortableForm>| {
        x.signed_extensions
            .iter()
            .map(|s| s.identifier.clone())
            .collect::<Vec<String>>()
    };
    assert_eq!(ids(e), ids(r), "signed extension identifiers and order");
    for (a, b) in e.signed_extensions.iter().zip(&r.signed_extensions) {
        cmp.ty(&format!("ext.{}", a.identifier), a.ty.id, b.ty.id);
        cmp.ty(
            &format!("ext.{}<implicit>", a.identifier),
            a.additional_signed.id,
            b.additional_signed.id,
        );
    }

    // Runtime APIs.
    for api in &ours.apis {
        let Some(rapi) = theirs.apis.iter().find(|r| r.name == api.name) else {
            cmp.err(&api.name, "no such runtime API in the reference".into());
            continue;
        };
        for m in &api.methods {
            if TAONET_ONLY_API_METHODS.contains(&(api.name.as_str(), m.name.as_str())) {
                assert!(
                    rapi.methods.iter().all(|r| r.name != m.name),
                    "{}_{} is listed as taonet-only but exists in the reference",
                    api.name,
                    m.name
                );
                continue;
            }
            let ctx = format!("{}_{}", api.name, m.name);
            let Some(rm) = rapi.methods.iter().find(|r| r.name == m.name) else {
                cmp.err(&ctx, "no such method in the reference".into());
                continue;
            };
            let names = |x: &frame_metadata::v15::RuntimeApiMethodMetadata<
                scale_info::form::PortableForm,
            >| {
                x.inputs
                    .iter()
                    .map(|i| i.name.clone())
                    .collect::<Vec<String>>()
            };
            assert_eq!(names(m), names(rm), "{ctx} parameter names");
            for (a, b) in m.inputs.iter().zip(&rm.inputs) {
                cmp.ty(&format!("{ctx}({})", a.name), a.ty.id, b.ty.id);
            }
            cmp.ty(&format!("{ctx}->"), m.output.id, rm.output.id);
            counts[5] += 1;
        }
    }

    // Outer enums: same pallet variants at the same indices.
    let outer = |reg: &PortableRegistry, id: u32| -> Vec<(u8, String)> {
        match reg.resolve(id).map(|t| &t.type_def) {
            Some(TypeDef::Variant(v)) => v
                .variants
                .iter()
                .map(|v| (v.index, v.name.clone()))
                .collect(),
            _ => vec![],
        }
    };
    for (name, a, b) in [
        (
            "RuntimeCall",
            ours.outer_enums.call_enum_ty.id,
            theirs.outer_enums.call_enum_ty.id,
        ),
        (
            "RuntimeEvent",
            ours.outer_enums.event_enum_ty.id,
            theirs.outer_enums.event_enum_ty.id,
        ),
        (
            "RuntimeError",
            ours.outer_enums.error_enum_ty.id,
            theirs.outer_enums.error_enum_ty.id,
        ),
    ] {
        let theirs = outer(&theirs.types, b);
        for v in outer(&ours.types, a) {
            if NEWER_PALLETS.contains(&v.1.as_str()) {
                continue;
            }
            assert!(
                theirs.contains(&v),
                "{name} variant {v:?} not in the reference"
            );
        }
    }

    assert!(
        cmp.errors.is_empty(),
        "{} differences:\n{}",
        cmp.errors.len(),
        cmp.errors.join("\n")
    );
    assert!(
        counts.iter().all(|c| *c > 0),
        "nothing compared in some section: {counts:?}"
    );
}

/// Every type id referenced from a type of the registry exists in it.
fn registry_is_closed(reg: &PortableRegistry) {
    for t in &reg.types {
        let mut refs: Vec<u32> =
            t.ty.type_params
                .iter()
                .filter_map(|p| p.ty.map(|x| x.id))
                .collect();
        match &t.ty.type_def {
            TypeDef::Composite(c) => refs.extend(c.fields.iter().map(|f| f.ty.id)),
            TypeDef::Variant(v) => refs.extend(
                v.variants
                    .iter()
                    .flat_map(|v| v.fields.iter().map(|f| f.ty.id)),
            ),
            TypeDef::Sequence(s) => refs.push(s.type_param.id),
            TypeDef::Array(a) => refs.push(a.type_param.id),
            TypeDef::Tuple(x) => refs.extend(x.fields.iter().map(|f| f.id)),
            TypeDef::Compact(c) => refs.push(c.type_param.id),
            TypeDef::BitSequence(b) => refs.extend([b.bit_store_type.id, b.bit_order_type.id]),
            TypeDef::Primitive(_) => {}
        }
        for id in refs {
            assert!(
                reg.resolve(id).is_some(),
                "type {} references missing id {id}",
                t.id
            );
        }
    }
}

#[test]
fn both_versions_decode_and_reference_only_existing_types() {
    let md15 = v15(&metadata::encoded_v15(), "taonet's V15");
    registry_is_closed(&md15.types);
    let mut top: Vec<u32> = vec![
        md15.ty.id,
        md15.extrinsic.call_ty.id,
        md15.extrinsic.address_ty.id,
    ];
    top.extend(md15.pallets.iter().flat_map(|p| {
        p.storage
            .iter()
            .flat_map(|s| &s.entries)
            .flat_map(|e| match &e.ty {
                frame_metadata::v14::StorageEntryType::Plain(t) => vec![t.id],
                frame_metadata::v14::StorageEntryType::Map { key, value, .. } => {
                    vec![key.id, value.id]
                }
            })
    }));
    top.extend(
        md15.apis
            .iter()
            .flat_map(|a| &a.methods)
            .map(|m| m.output.id),
    );
    for id in top {
        assert!(
            md15.types.resolve(id).is_some(),
            "missing top-level type {id}"
        );
    }
    assert!(
        md15.types
            .types
            .iter()
            .any(|t| t.ty.path.segments == ["sp_runtime", "DispatchError"]),
        "subxt needs sp_runtime::DispatchError by path"
    );

    let bytes = metadata::encoded_v14();
    let md14 = match RuntimeMetadataPrefixed::decode(&mut &bytes[..]) {
        Ok(RuntimeMetadataPrefixed(_, RuntimeMetadata::V14(md))) => md,
        Ok(_) => panic!("encoded_v14 is not V14"),
        Err(e) => panic!("V14 does not decode: {e}"),
    };
    registry_is_closed(&md14.types);
    let ux = md14
        .types
        .resolve(md14.extrinsic.ty.id)
        .expect("UncheckedExtrinsic type");
    let params: Vec<&str> = ux.type_params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["Address", "Call", "Signature", "Extra"]);
    assert_eq!(md14.pallets.len(), md15.pallets.len());
}

/// `MevShield` against the devnet runtime where it first appears (index, the storage btcli reads, the
/// `EncryptedSubmitted` event, `submit_encrypted`'s ciphertext) and against subtensor's current
/// `pallets/shield` (the calls btcli 9.23.2 composes: it sends `submit_encrypted(ciphertext)` only; the
/// devnet's extra `commitment` argument was dropped when the pallet was reworked).
#[test]
fn mev_shield_conforms_to_subtensor() {
    use frame_metadata::v16::StorageEntryType;
    let theirs = devnet_v16();
    let ours = v15(&metadata::encoded_v15(), "taonet's V15");
    let p = ours
        .pallets
        .iter()
        .find(|p| p.name == "MevShield")
        .expect("taonet serves MevShield");
    let rp = theirs
        .pallets
        .iter()
        .find(|p| p.name == "MevShield")
        .expect("the devnet has MevShield");
    assert_eq!((p.index, rp.index), (30, 30));
    let mut cmp = Cmp::new(&ours.types, &theirs.types);

    let entries = &p.storage.as_ref().expect("storage").entries;
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "CurrentKey",
            "PendingKey",
            "NextKey",
            "AuthorKeys",
            "PendingKeyExpiresAt",
            "NextKeyExpiresAt"
        ]
    );
    for name in ["CurrentKey", "NextKey"] {
        let ours_entry = entries.iter().find(|e| e.name == name).expect("ours");
        let theirs_entry = rp
            .storage
            .iter()
            .flat_map(|s| &s.entries)
            .find(|e| e.name == name)
            .expect("theirs");
        assert_eq!(
            format!("{:?}", ours_entry.modifier),
            format!("{:?}", theirs_entry.modifier),
            "{name} modifier"
        );
        match (&ours_entry.ty, &theirs_entry.ty) {
            (frame_metadata::v14::StorageEntryType::Plain(a), StorageEntryType::Plain(b)) => {
                cmp.ty(&format!("MevShield.{name}"), a.id, b.id)
            }
            _ => panic!("{name} is not a plain value in both"),
        }
    }

    let ours_events = variants(&ours.types, p.event.as_ref().expect("events").ty.id);
    let theirs_events = variants(&theirs.types, rp.event.as_ref().expect("events").ty.id);
    let (a, b) = (&ours_events[0], &theirs_events[0]);
    assert_eq!((a.index, a.name.as_str()), (b.index, b.name.as_str()));
    cmp.fields("MevShield.EncryptedSubmitted", &a.fields, &b.fields);

    let ours_calls = variants(&ours.types, p.calls.as_ref().expect("calls").ty.id);
    let theirs_calls = variants(&theirs.types, rp.calls.as_ref().expect("calls").ty.id);
    let call = |calls: &[scale_info::Variant<scale_info::form::PortableForm>], name: &str| {
        calls
            .iter()
            .find(|v| v.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("no call {name}"))
    };
    let (ours_submit, theirs_submit) = (
        call(&ours_calls, "submit_encrypted"),
        call(&theirs_calls, "submit_encrypted"),
    );
    assert_eq!((ours_submit.index, theirs_submit.index), (1, 1));
    let ciphertext = |v: &scale_info::Variant<scale_info::form::PortableForm>| {
        v.fields
            .iter()
            .find(|f| f.name.as_deref() == Some("ciphertext"))
            .map(|f| f.ty.id)
            .expect("a ciphertext argument")
    };
    cmp.ty(
        "MevShield.submit_encrypted.ciphertext",
        ciphertext(&ours_submit),
        ciphertext(&theirs_submit),
    );
    assert!(
        cmp.errors.is_empty(),
        "{} differences:\n{}",
        cmp.errors.len(),
        cmp.errors.join("\n")
    );

    // Subtensor's current pallet: `announce_next_key(enc_key: Option<ShieldEncKey>)` (0) and
    // `submit_encrypted(ciphertext)` (1), both `BoundedVec<u8, _>`.
    let shape = |v: &scale_info::Variant<scale_info::form::PortableForm>| -> Vec<(String, String)> {
        v.fields
            .iter()
            .map(|f| {
                let path = |id: u32| {
                    ours.types
                        .resolve(id)
                        .map(|t| t.path.segments.join("::"))
                        .unwrap_or_default()
                };
                let ty = ours.types.resolve(f.ty.id).expect("field type");
                let inner = match &ty.type_def {
                    TypeDef::Variant(o) if path(f.ty.id) == "Option" => o
                        .variants
                        .iter()
                        .find(|x| x.name == "Some")
                        .map(|x| format!("Option<{}>", path(x.fields[0].ty.id)))
                        .unwrap_or_default(),
                    _ => path(f.ty.id),
                };
                (f.name.clone().unwrap_or_default(), inner)
            })
            .collect()
    };
    let bounded = "bounded_collections::bounded_vec::BoundedVec".to_string();
    let announce = call(&ours_calls, "announce_next_key");
    assert_eq!(announce.index, 0);
    assert_eq!(
        shape(&announce),
        [("enc_key".to_string(), format!("Option<{bounded}>"))]
    );
    assert_eq!(
        shape(&ours_submit),
        [("ciphertext".to_string(), bounded.clone())]
    );
}

/// A type written out by shape: `path{field: type, …}` for composites, `Name[index](…) | …` for enums,
/// primitives by name, `Vec<…>`, `(…)`, `[…; n]`, `Compact<…>`.
/// The devnet V16 reference metadata (newer pallets and calls than spec 208).
fn devnet_v16() -> frame_metadata::v16::RuntimeMetadataV16 {
    let bytes = std::fs::read(DEVNET_V16)
        .unwrap_or_else(|e| panic!("reference metadata missing at {DEVNET_V16} ({e})"));
    match RuntimeMetadataPrefixed::decode(&mut &bytes[..]) {
        Ok(RuntimeMetadataPrefixed(_, RuntimeMetadata::V16(md))) => md,
        _ => panic!("the devnet reference is not V16 metadata"),
    }
}

/// The variants of the enum type `id`.
fn variants(
    reg: &PortableRegistry,
    id: u32,
) -> Vec<scale_info::Variant<scale_info::form::PortableForm>> {
    match reg.resolve(id).map(|t| &t.type_def) {
        Some(TypeDef::Variant(v)) => v.variants.clone(),
        _ => panic!("not an enum"),
    }
}

/// A variant's fields as `name: shape`.
fn field_shapes(
    reg: &PortableRegistry,
    v: &scale_info::Variant<scale_info::form::PortableForm>,
) -> Vec<String> {
    v.fields
        .iter()
        .map(|f| {
            format!(
                "{}: {}",
                f.name.clone().unwrap_or_default(),
                shape(reg, f.ty.id)
            )
        })
        .collect()
}

fn shape(reg: &PortableRegistry, id: u32) -> String {
    let Some(t) = reg.resolve(id) else {
        return format!("#{id}?");
    };
    let path = t.path.segments.join("::");
    let fields = |fs: &[Field<scale_info::form::PortableForm>]| {
        fs.iter()
            .map(|f| match &f.name {
                Some(n) => format!("{n}: {}", shape(reg, f.ty.id)),
                None => shape(reg, f.ty.id),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &t.type_def {
        TypeDef::Primitive(p) => format!("{p:?}").to_lowercase(),
        TypeDef::Composite(c) => format!("{path}{{{}}}", fields(&c.fields)),
        TypeDef::Variant(v) => format!(
            "{path}<{}>",
            v.variants
                .iter()
                .map(|x| format!("{}[{}]({})", x.name, x.index, fields(&x.fields)))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        TypeDef::Sequence(s) => format!("Vec<{}>", shape(reg, s.type_param.id)),
        TypeDef::Array(a) => format!("[{}; {}]", shape(reg, a.type_param.id), a.len),
        TypeDef::Tuple(x) => format!(
            "({})",
            x.fields
                .iter()
                .map(|f| shape(reg, f.id))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TypeDef::Compact(c) => format!("Compact<{}>", shape(reg, c.type_param.id)),
        TypeDef::BitSequence(_) => "BitSequence".into(),
    }
}

/// What taonet serves beyond spec 208 for btcli 9.23, against subtensor main's source (no reference
/// metadata has them): `register_limit` (`macros/dispatches.rs`, call 134), its error, the conviction-lock
/// runtime APIs `get_coldkey_lock` (`runtime-api/src/lib.rs`) and `get_subnet_hyperparams_v3` (`rpc_info/subnet_info.rs`) and the `Lock` / `DecayingLock` maps
/// (`lib.rs`), with `LockState` from `staking/lock.rs`.
#[test]
fn items_newer_than_spec208_match_subtensor_main() {
    let md = v15(&metadata::encoded_v15(), "taonet's V15");
    let reg = &md.types;
    let account = "sp_core::crypto::AccountId32{[u8; 32]}";
    let lock_state = "pallet_subtensor::staking::lock::LockState{locked_mass: u64, \
                      conviction: substrate_fixed::FixedU128{bits: u128}, last_update: u64}";
    let pallet = md
        .pallets
        .iter()
        .find(|p| p.name == "SubtensorModule")
        .expect("SubtensorModule");
    let variants = |id: u32| variants(reg, id);

    let calls = variants(pallet.calls.as_ref().expect("calls").ty.id);
    let register_limit = calls
        .iter()
        .find(|v| v.name == "register_limit")
        .expect("register_limit");
    assert_eq!(register_limit.index, 134);
    let args = field_shapes(reg, register_limit);
    assert_eq!(
        args,
        [
            "netuid: u16".to_string(),
            format!("hotkey: {account}"),
            "limit_price: u64".to_string()
        ]
    );
    let errors = variants(pallet.error.as_ref().expect("errors").ty.id);
    let error = errors
        .iter()
        .find(|v| v.name == "RegistrationPriceLimitExceeded")
        .expect("RegistrationPriceLimitExceeded");
    assert_eq!(error.index, 123, "after spec 208's last error");

    let api = md
        .apis
        .iter()
        .find(|a| a.name == "StakeInfoRuntimeApi")
        .expect("StakeInfoRuntimeApi");
    let method = api
        .methods
        .iter()
        .find(|m| m.name == "get_coldkey_lock")
        .expect("get_coldkey_lock");
    let inputs: Vec<String> = method
        .inputs
        .iter()
        .map(|i| format!("{}: {}", i.name, shape(reg, i.ty.id)))
        .collect();
    assert_eq!(
        inputs,
        [format!("coldkey: {account}"), "netuid: u16".to_string()]
    );
    assert_eq!(
        shape(reg, method.output.id),
        format!("Option<None[0]() | Some[1]({lock_state})>")
    );

    // `get_subnet_hyperparams_v3(netuid) -> Option<SubnetHyperparamsV3>` (`rpc_info/subnet_info.rs`:
    // `Vec<HyperparamEntry { name: Vec<u8>, value: HyperparamValue }>`, the value a tagged union whose
    // variant order clients decode by).
    let api = md
        .apis
        .iter()
        .find(|a| a.name == "SubnetInfoRuntimeApi")
        .expect("SubnetInfoRuntimeApi");
    let method = api
        .methods
        .iter()
        .find(|m| m.name == "get_subnet_hyperparams_v3")
        .expect("get_subnet_hyperparams_v3");
    let inputs: Vec<String> = method
        .inputs
        .iter()
        .map(|i| format!("{}: {}", i.name, shape(reg, i.ty.id)))
        .collect();
    assert_eq!(inputs, ["netuid: u16".to_string()]);
    assert_eq!(
        shape(reg, method.output.id),
        "Option<None[0]() | Some[1](Vec<pallet_subtensor::rpc_info::subnet_info::HyperparamEntry{\
         name: Vec<u8>, value: pallet_subtensor::rpc_info::subnet_info::HyperparamValue<\
         Bool[0](bool) | U16[1](Compact<u16>) | U32[2](Compact<u32>) | U64[3](Compact<u64>) | \
         U128[4](Compact<u128>) | TaoBalance[5](Compact<u64>) | \
         I32F32[6](substrate_fixed::FixedI64{bits: i64}) | \
         U64F64[7](substrate_fixed::FixedU128{bits: u128})>}>)>"
    );

    let entry = |name: &str| {
        pallet
            .storage
            .iter()
            .flat_map(|s| &s.entries)
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no storage {name}"))
    };
    use frame_metadata::v14::{StorageEntryModifier, StorageEntryType, StorageHasher as H};
    for (name, hashers, key, value) in [
        (
            "Lock",
            vec![H::Blake2_128Concat, H::Identity, H::Blake2_128Concat],
            format!("({account}, u16, {account})"),
            lock_state.to_string(),
        ),
        (
            "DecayingLock",
            vec![H::Blake2_128Concat, H::Identity],
            format!("({account}, u16)"),
            "bool".to_string(),
        ),
        (
            "HotkeyLock",
            vec![H::Identity, H::Blake2_128Concat],
            format!("(u16, {account})"),
            lock_state.to_string(),
        ),
        (
            "DecayingHotkeyLock",
            vec![H::Identity, H::Blake2_128Concat],
            format!("(u16, {account})"),
            lock_state.to_string(),
        ),
        (
            "OwnerLock",
            vec![H::Identity],
            "u16".to_string(),
            lock_state.to_string(),
        ),
        (
            "DecayingOwnerLock",
            vec![H::Identity],
            "u16".to_string(),
            lock_state.to_string(),
        ),
    ] {
        let e = entry(name);
        assert!(
            matches!(e.modifier, StorageEntryModifier::Optional),
            "{name}"
        );
        let StorageEntryType::Map {
            hashers: h,
            key: k,
            value: v,
        } = &e.ty
        else {
            panic!("{name} is a map");
        };
        assert_eq!(format!("{h:?}"), format!("{hashers:?}"), "{name} hashers");
        assert_eq!(shape(reg, k.id), key, "{name} key");
        assert_eq!(shape(reg, v.id), value, "{name} value");
    }
    // `UnlockRate` and `MaturityRate`: plain u64, 934_866 blocks by default.
    for name in ["UnlockRate", "MaturityRate"] {
        let e = entry(name);
        assert!(
            matches!(e.modifier, StorageEntryModifier::Default),
            "{name}"
        );
        let StorageEntryType::Plain(t) = &e.ty else {
            panic!("{name} is a value");
        };
        assert_eq!(shape(reg, t.id), "u64", "{name}");
        assert_eq!(
            e.default,
            934_866u64.to_le_bytes().to_vec(),
            "{name} default"
        );
    }
}

/// The owner's epoch scheduling, newer than spec 208, against subtensor main's source:
/// `set_tempo(netuid, tempo)` is call 139 and `trigger_epoch(netuid)` call 141 (`macros/dispatches.rs`),
/// `EpochTriggered { netuid, by, fires_at }` (`macros/events.rs`), the errors `TempoOutOfBounds`,
/// `EpochTriggerAlreadyPending`, `AutoEpochAlreadyImminent`, `DynamicTempoBlockedByCommitReveal` and
/// `CannotUseSystemAccount` (`macros/errors.rs`), and `Hyperparameter::TriggerEpoch = 31`
/// (`utils/rate_limiting.rs`), the key of `trigger_epoch`'s rate limit in `LastRateLimitedBlock`. Main
/// numbers events and errors differently from spec 208; taonet keeps spec 208's and appends these after
/// its last event (108) and after its last error and `RegistrationPriceLimitExceeded` (123).
#[test]
fn tempo_control_items_match_subtensor_main() {
    let md = v15(&metadata::encoded_v15(), "taonet's V15");
    let reg = &md.types;
    let account = "sp_core::crypto::AccountId32{[u8; 32]}";
    let pallet = md
        .pallets
        .iter()
        .find(|p| p.name == "SubtensorModule")
        .expect("SubtensorModule");
    let variants = |id: u32| variants(reg, id);
    let described = |vs: &[scale_info::Variant<scale_info::form::PortableForm>], name: &str| {
        let v = vs
            .iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("no {name}"));
        (v.index, field_shapes(reg, v))
    };

    let calls = variants(pallet.calls.as_ref().expect("calls").ty.id);
    assert_eq!(
        described(&calls, "set_tempo"),
        (
            139,
            vec!["netuid: u16".to_string(), "tempo: u16".to_string()]
        )
    );
    assert_eq!(
        described(&calls, "trigger_epoch"),
        (141, vec!["netuid: u16".to_string()])
    );

    let events = variants(pallet.event.as_ref().expect("events").ty.id);
    assert_eq!(
        described(&events, "EpochTriggered"),
        (
            109,
            vec![
                "netuid: u16".to_string(),
                format!("by: {account}"),
                "fires_at: u64".to_string()
            ]
        )
    );

    let errors = variants(pallet.error.as_ref().expect("errors").ty.id);
    for (name, index) in [
        ("TempoOutOfBounds", 124),
        ("EpochTriggerAlreadyPending", 125),
        ("AutoEpochAlreadyImminent", 126),
        ("DynamicTempoBlockedByCommitReveal", 127),
        ("CannotUseSystemAccount", 128),
    ] {
        assert_eq!(described(&errors, name), (index, vec![]), "{name}");
        let error = errors.iter().find(|v| v.name == name).expect("present");
        assert!(!error.docs.is_empty(), "{name} has docs");
    }

    // `LastRateLimitedBlock` is keyed by `RateLimitKey`, whose `OwnerHyperparamUpdate` carries the
    // `Hyperparameter`: `TriggerEpoch` is its variant 31.
    let entry = pallet
        .storage
        .iter()
        .flat_map(|s| &s.entries)
        .find(|e| e.name == "LastRateLimitedBlock")
        .expect("LastRateLimitedBlock");
    let frame_metadata::v14::StorageEntryType::Map { key, .. } = &entry.ty else {
        panic!("LastRateLimitedBlock is a map");
    };
    let key_shape = shape(reg, key.id);
    assert!(
        key_shape.contains("TriggerEpoch[31]()"),
        "RateLimitKey: {key_shape}"
    );
}

/// `set_activity_cutoff_factor` and auto parent delegation, newer than spec 208 (and than the devnet
/// V16 reference, which has neither), against subtensor main's source:
/// `set_activity_cutoff_factor(netuid, factor_milli: u32)` is call 140 and
/// `set_auto_parent_delegation_enabled(hotkey, enabled)` call 135 (`macros/dispatches.rs`); the events
/// `ActivityCutoffFactorMilliSet { netuid, factor_milli: u32 }` and
/// `AutoParentDelegationEnabledSet { hotkey, enabled }` (`macros/events.rs`); the error
/// `ActivityCutoffFactorMilliOutOfBounds` (`macros/errors.rs`); `Hyperparameter::ActivityCutoffFactorMilli
/// = 30` (`utils/rate_limiting.rs`); and `AutoParentDelegationEnabled: StorageMap<_, Blake2_128Concat,
/// AccountId, bool, ValueQuery, DefaultAutoParentDelegationEnabled>` with default `true` (`lib.rs`).
/// taonet appends the events after `EpochTriggered` (109) and the error after `CannotUseSystemAccount`
/// (128), as it does for the other items main added. `AdminUtils.sudo_set_recycle_or_burn` [80] is in
/// spec 208 and is compared by `metadata_conforms_to_subtensor_spec208`.
#[test]
fn activity_cutoff_and_auto_parent_items_match_subtensor_main() {
    let md = v15(&metadata::encoded_v15(), "taonet's V15");
    let reg = &md.types;
    let account = "sp_core::crypto::AccountId32{[u8; 32]}";
    let pallet = md
        .pallets
        .iter()
        .find(|p| p.name == "SubtensorModule")
        .expect("SubtensorModule");
    let described = |id: u32, name: &str| {
        let vs = variants(reg, id);
        let v = vs
            .iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("no {name}"));
        (v.index, field_shapes(reg, v), !v.docs.is_empty())
    };
    let calls = pallet.calls.as_ref().expect("calls").ty.id;
    assert_eq!(
        described(calls, "set_activity_cutoff_factor"),
        (
            140,
            vec!["netuid: u16".to_string(), "factor_milli: u32".to_string()],
            true
        )
    );
    assert_eq!(
        described(calls, "set_auto_parent_delegation_enabled"),
        (
            135,
            vec![format!("hotkey: {account}"), "enabled: bool".to_string()],
            true
        )
    );
    let events = pallet.event.as_ref().expect("events").ty.id;
    assert_eq!(
        described(events, "AutoParentDelegationEnabledSet"),
        (
            110,
            vec![format!("hotkey: {account}"), "enabled: bool".to_string()],
            true
        )
    );
    assert_eq!(
        described(events, "ActivityCutoffFactorMilliSet"),
        (
            111,
            vec!["netuid: u16".to_string(), "factor_milli: u32".to_string()],
            true
        )
    );
    let errors = pallet.error.as_ref().expect("errors").ty.id;
    assert_eq!(
        described(errors, "ActivityCutoffFactorMilliOutOfBounds"),
        (129, vec![], true)
    );

    let entry = |name: &str| {
        pallet
            .storage
            .iter()
            .flat_map(|s| &s.entries)
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no storage {name}"))
    };
    use frame_metadata::v14::{StorageEntryModifier, StorageEntryType, StorageHasher as H};
    let e = entry("AutoParentDelegationEnabled");
    assert!(matches!(e.modifier, StorageEntryModifier::Default));
    let StorageEntryType::Map {
        hashers,
        key,
        value,
    } = &e.ty
    else {
        panic!("AutoParentDelegationEnabled is a map");
    };
    assert_eq!(
        format!("{hashers:?}"),
        format!("{:?}", [H::Blake2_128Concat])
    );
    assert_eq!(shape(reg, key.id), account);
    assert_eq!(shape(reg, value.id), "bool");
    assert_eq!(e.default, vec![1], "default true");

    let StorageEntryType::Map { key, .. } = &entry("LastRateLimitedBlock").ty else {
        panic!("LastRateLimitedBlock is a map");
    };
    let key_shape = shape(reg, key.id);
    assert!(
        key_shape.contains("ActivityCutoffFactorMilli[30]()"),
        "RateLimitKey: {key_shape}"
    );
}

/// Root claims against the Nov-2025 devnet (V16), the oldest reference with `KeepSubnets`: the claim type
/// (every variant), `claim_root` [121] / `set_root_claim_type` [122] with their argument names and
/// types, and the storage items taonet serves for them (`RootClaimable`, `RootClaimed`, `RootClaimType`,
/// `RootClaimableThreshold`, `NumRootClaim`, the staking-coldkey index, `RootAlphaDividendsPerSubnet`
/// and `MinerBurned` where the devnet has them).
#[test]
fn root_claims_conform_to_subtensor() {
    use frame_metadata::v16::StorageEntryType;
    let theirs = devnet_v16();
    let ours = v15(&metadata::encoded_v15(), "taonet's V15");
    let p = ours
        .pallets
        .iter()
        .find(|p| p.name == "SubtensorModule")
        .expect("ours");
    let rp = theirs
        .pallets
        .iter()
        .find(|p| p.name == "SubtensorModule")
        .expect("theirs");
    let ours_calls = variants(&ours.types, p.calls.as_ref().expect("calls").ty.id);
    let theirs_calls = variants(&theirs.types, rp.calls.as_ref().expect("calls").ty.id);
    for (name, index) in [
        ("claim_root", 121),
        ("set_root_claim_type", 122),
        ("sudo_set_num_root_claims", 123),
        ("sudo_set_root_claim_threshold", 124),
    ] {
        let o = ours_calls.iter().find(|v| v.name == name).expect(name);
        let t = theirs_calls.iter().find(|v| v.name == name).expect(name);
        assert_eq!((o.index, t.index), (index, index), "{name}");
        assert_eq!(
            field_shapes(&ours.types, o),
            field_shapes(&theirs.types, t),
            "{name}"
        );
    }
    let claim_type = ours_calls
        .iter()
        .find(|v| v.name == "set_root_claim_type")
        .map(|v| shape(&ours.types, v.fields[0].ty.id))
        .expect("claim type");
    assert_eq!(
        claim_type,
        "pallet_subtensor::pallet::RootClaimTypeEnum<Swap[0]() | Keep[1]() | \
         KeepSubnets[2](subnets: BTreeSet{Vec<u16>})>"
    );

    let entries = |names: &[&str]| -> Vec<(String, String, String)> {
        names
            .iter()
            .map(|name| {
                let e = p
                    .storage
                    .iter()
                    .flat_map(|s| &s.entries)
                    .find(|e| e.name == *name)
                    .unwrap_or_else(|| panic!("no storage {name}"));
                let ty = match &e.ty {
                    frame_metadata::v14::StorageEntryType::Plain(t) => shape(&ours.types, t.id),
                    frame_metadata::v14::StorageEntryType::Map {
                        hashers,
                        key,
                        value,
                    } => format!(
                        "{hashers:?} {} => {}",
                        shape(&ours.types, key.id),
                        shape(&ours.types, value.id)
                    ),
                };
                (name.to_string(), format!("{:?}", e.modifier), ty)
            })
            .collect()
    };
    let their_entries = |names: &[&str]| -> Vec<(String, String, String)> {
        names
            .iter()
            .map(|name| {
                let e = rp
                    .storage
                    .iter()
                    .flat_map(|s| &s.entries)
                    .find(|e| e.name == *name)
                    .unwrap_or_else(|| panic!("the devnet has no storage {name}"));
                let ty = match &e.ty {
                    StorageEntryType::Plain(t) => shape(&theirs.types, t.id),
                    StorageEntryType::Map {
                        hashers,
                        key,
                        value,
                    } => format!(
                        "{hashers:?} {} => {}",
                        shape(&theirs.types, key.id),
                        shape(&theirs.types, value.id)
                    ),
                };
                (name.to_string(), format!("{:?}", e.modifier), ty)
            })
            .collect()
    };
    let names: Vec<&str> = [
        "RootClaimable",
        "RootClaimed",
        "RootClaimType",
        "RootClaimableThreshold",
        "NumRootClaim",
        "StakingColdkeys",
        "StakingColdkeysByIndex",
        "NumStakingColdkeys",
        "RootAlphaDividendsPerSubnet",
        "MinerBurned",
        "RootProp",
        "TaoWeight",
    ]
    .into_iter()
    .filter(|n| {
        rp.storage
            .iter()
            .flat_map(|s| &s.entries)
            .any(|e| e.name == *n)
    })
    .collect();
    assert!(
        names.len() >= 9,
        "the devnet lacks most root-claim items: {names:?}"
    );
    assert_eq!(entries(&names), their_entries(&names));
    // `MinerBurned` is newer than the devnet: subtensor main's `lib.rs` declares it
    // `StorageMap<_, Identity, NetUid, U96F32, ValueQuery>`.
    assert_eq!(
        entries(&["MinerBurned"]),
        [(
            "MinerBurned".to_string(),
            "Default".to_string(),
            "[Identity] u16 => substrate_fixed::FixedU128{bits: u128}".to_string()
        )]
    );
}

/// The items of subtensor main's staking and weights calls newer than spec 208, and of the owner-cut
/// switch:
/// - `add_stake_burn(hotkey, netuid, amount: TaoBalance, limit: Option<TaoBalance>)` [132] and
///   `AddStakeBurn { netuid, hotkey, amount, alpha }` against the Nov-2025 devnet (V16), where both
///   appear; taonet appends the event after its last one (112; the devnet numbers it 119);
/// - `BatchWeightItemFailed(NetUid, DispatchError)` [84] (`macros/events.rs`; spec 208 and the devnet
///   carried only the error): the netuid is main's addition, the error is spec 208's type;
/// - `AdminUtils.sudo_set_owner_cut_enabled(netuid, enabled)` [92] and the error
///   `NotPermittedOnRootSubnet` [11] (`pallets/admin-utils/src/lib.rs`), and `OwnerCutEnabled:
///   StorageMap<_, Identity, NetUid, bool, ValueQuery, DefaultOwnerCutEnabled>` (default `true`,
///   `pallets/subtensor/src/lib.rs`).
#[test]
fn staking_and_owner_cut_items_newer_than_spec208_match_subtensor() {
    let ours = v15(&metadata::encoded_v15(), "taonet's V15");
    let devnet = devnet_v16();
    let spec208 = reference();
    let pallet = |name: &str| {
        ours.pallets
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no pallet {name}"))
    };
    let subtensor = pallet("SubtensorModule");
    let devnet_subtensor = devnet
        .pallets
        .iter()
        .find(|p| p.name == "SubtensorModule")
        .expect("the devnet's SubtensorModule");
    let find = |vs: &[scale_info::Variant<scale_info::form::PortableForm>], name: &str| {
        vs.iter()
            .find(|v| v.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}"))
    };

    let mut cmp = Cmp::new(&ours.types, &devnet.types);
    let calls = variants(&ours.types, subtensor.calls.as_ref().expect("calls").ty.id);
    let devnet_calls = variants(
        &devnet.types,
        devnet_subtensor.calls.as_ref().expect("calls").ty.id,
    );
    let (a, b) = (
        find(&calls, "add_stake_burn"),
        find(&devnet_calls, "add_stake_burn"),
    );
    assert_eq!((a.index, b.index), (132, 132));
    assert!(!a.docs.is_empty());
    cmp.fields("add_stake_burn", &a.fields, &b.fields);
    let events = variants(&ours.types, subtensor.event.as_ref().expect("events").ty.id);
    let devnet_events = variants(
        &devnet.types,
        devnet_subtensor.event.as_ref().expect("events").ty.id,
    );
    let (a, b) = (
        find(&events, "AddStakeBurn"),
        find(&devnet_events, "AddStakeBurn"),
    );
    assert_eq!(
        a.index, 112,
        "appended after ActivityCutoffFactorMilliSet (111)"
    );
    cmp.fields("AddStakeBurn", &a.fields, &b.fields);
    assert!(
        cmp.errors.is_empty(),
        "{} differences:\n{}",
        cmp.errors.len(),
        cmp.errors.join("\n")
    );

    let failed = find(&events, "BatchWeightItemFailed");
    assert_eq!(failed.index, 84);
    assert_eq!(failed.fields.len(), 2);
    assert_eq!(shape(&ours.types, failed.fields[0].ty.id), "u16");
    let old_pallet = spec208
        .pallets
        .iter()
        .find(|p| p.name == "SubtensorModule")
        .expect("spec 208's SubtensorModule");
    let old_failed = find(
        &variants(
            &spec208.types,
            old_pallet.event.as_ref().expect("events").ty.id,
        ),
        "BatchWeightItemFailed",
    );
    assert_eq!((old_failed.index, old_failed.fields.len()), (84, 1));
    let mut cmp = Cmp::new(&ours.types, &spec208.types);
    cmp.ty(
        "BatchWeightItemFailed.1",
        failed.fields[1].ty.id,
        old_failed.fields[0].ty.id,
    );
    assert!(cmp.errors.is_empty(), "{}", cmp.errors.join("\n"));

    let admin = pallet("AdminUtils");
    let admin_calls = variants(&ours.types, admin.calls.as_ref().expect("calls").ty.id);
    let owner_cut = find(&admin_calls, "sudo_set_owner_cut_enabled");
    assert_eq!(
        (owner_cut.index, field_shapes(&ours.types, &owner_cut)),
        (
            92,
            vec!["netuid: u16".to_string(), "enabled: bool".to_string()]
        )
    );
    let admin_errors = variants(&ours.types, admin.error.as_ref().expect("errors").ty.id);
    let not_root = find(&admin_errors, "NotPermittedOnRootSubnet");
    assert_eq!((not_root.index, not_root.fields.len()), (11, 0));
    assert!(!not_root.docs.is_empty());

    use frame_metadata::v14::{StorageEntryModifier, StorageEntryType, StorageHasher as H};
    let entry = subtensor
        .storage
        .iter()
        .flat_map(|s| &s.entries)
        .find(|e| e.name == "OwnerCutEnabled")
        .expect("OwnerCutEnabled");
    assert!(matches!(entry.modifier, StorageEntryModifier::Default));
    let StorageEntryType::Map {
        hashers,
        key,
        value,
    } = &entry.ty
    else {
        panic!("OwnerCutEnabled is a map");
    };
    assert_eq!(format!("{hashers:?}"), format!("{:?}", [H::Identity]));
    assert_eq!(shape(&ours.types, key.id), "u16");
    assert_eq!(shape(&ours.types, value.id), "bool");
    assert_eq!(entry.default, vec![1], "default true");
}

/// `AdminUtils.sudo_set_min_childkey_take_per_subnet`, newer than spec 208 (and than the devnet V16
/// reference), against subtensor main's source: `sudo_set_min_childkey_take_per_subnet(netuid, take:
/// u16)` is call 93 (`pallets/admin-utils/src/lib.rs`); the event `MinChildKeyTakePerSubnetSet(NetUid,
/// u16)` (`macros/events.rs`), which taonet appends after `AddStakeBurn` (112);
/// `Hyperparameter::MinChildkeyTake = 29` (`utils/rate_limiting.rs`); and `MinChildkeyTakePerSubnet:
/// StorageMap<_, Identity, NetUid, u16, ValueQuery>` (default 0, `lib.rs`).
#[test]
fn min_childkey_take_per_subnet_items_match_subtensor_main() {
    let md = v15(&metadata::encoded_v15(), "taonet's V15");
    let reg = &md.types;
    let pallet = |name: &str| {
        md.pallets
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no pallet {name}"))
    };
    let described = |id: u32, name: &str| {
        let vs = variants(reg, id);
        let v = vs
            .iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("no {name}"));
        (v.index, field_shapes(reg, v))
    };
    let admin = pallet("AdminUtils");
    assert_eq!(
        described(
            admin.calls.as_ref().expect("calls").ty.id,
            "sudo_set_min_childkey_take_per_subnet"
        ),
        (93, vec!["netuid: u16".to_string(), "take: u16".to_string()])
    );
    let subtensor = pallet("SubtensorModule");
    let events = subtensor.event.as_ref().expect("events").ty.id;
    let (index, fields) = described(events, "MinChildKeyTakePerSubnetSet");
    assert_eq!(index, 113, "appended after AddStakeBurn (112)");
    assert_eq!(fields.len(), 2);
    assert!(fields.iter().all(|f| f.ends_with("u16")), "{fields:?}");

    use frame_metadata::v14::{StorageEntryModifier, StorageEntryType, StorageHasher as H};
    let entry = |name: &str| {
        subtensor
            .storage
            .iter()
            .flat_map(|s| &s.entries)
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no storage {name}"))
    };
    let e = entry("MinChildkeyTakePerSubnet");
    assert!(matches!(e.modifier, StorageEntryModifier::Default));
    let StorageEntryType::Map {
        hashers,
        key,
        value,
    } = &e.ty
    else {
        panic!("MinChildkeyTakePerSubnet is a map");
    };
    assert_eq!(format!("{hashers:?}"), format!("{:?}", [H::Identity]));
    assert_eq!(shape(reg, key.id), "u16");
    assert_eq!(shape(reg, value.id), "u16");
    assert_eq!(e.default, vec![0, 0]);
    let StorageEntryType::Map { key, .. } = &entry("LastRateLimitedBlock").ty else {
        panic!("LastRateLimitedBlock is a map");
    };
    let key_shape = shape(reg, key.id);
    assert!(
        key_shape.contains("MinChildkeyTake[29]()"),
        "RateLimitKey: {key_shape}"
    );
}
