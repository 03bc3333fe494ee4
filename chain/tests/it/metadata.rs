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

/// Calls taonet adds beyond spec 208, as `(pallet, call)`.
const TAONET_ONLY_CALLS: &[(&str, &str)] = &[
    ("AdminUtils", "sudo_set_burn_half_life"),
    ("AdminUtils", "sudo_set_subnet_emission_enabled"),
];

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
                    if TAONET_ONLY_CALLS.iter().any(|(_, c)| *c == v.name) {
                        continue;
                    }
                    match b.variants.iter().find(|w| w.index == v.index) {
                        Some(w) if w.name == v.name => {
                            self.fields(&format!("{ctx}::{}", v.name), &v.fields, &w.fields)
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
                cmp.fields(&format!("{ctx}.{}", v.name), &v.fields, &w.fields)
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
