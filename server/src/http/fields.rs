//! Schemas of record fields and parameters built from the engine's limits
//! ([`bole::model::limits`] and its `patterns`), for `#[schema(schema_with = …)]` in `schema.rs`
//! and the parameters in `params.rs`: the document states the limits the server enforces, from the
//! very constants it enforces them with.

use bole::model::limits::{self, patterns};
use utoipa::openapi::schema::{
    AnyOfBuilder, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{KnownFormat, RefOr};
use utoipa::{PartialSchema, ToSchema};

fn ty(t: Type, nullable: bool) -> SchemaType {
    if nullable {
        SchemaType::from_iter([t, Type::Null])
    } else {
        SchemaType::new(t)
    }
}

fn text(max: usize, pattern: &str, nullable: bool) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(ty(Type::String, nullable))
        .max_length(Some(max))
        .pattern(Some(pattern))
}

fn number(max: f64, nullable: bool) -> Schema {
    ObjectBuilder::new()
        .schema_type(ty(Type::Number, nullable))
        .minimum(Some(0.0))
        .maximum(Some(max))
        .into()
}

/// A record id: at most [`limits::MAX_ID_BYTES`] bytes of UTF-8, which JSON Schema states as two
/// branches: printable ASCII up to that many characters, or any text up to a quarter of it.
pub fn id() -> Schema {
    AnyOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(limits::MAX_ID_BYTES))
                .pattern(Some(patterns::ASCII_ID)),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(limits::MAX_ID_BYTES / 4))
                .pattern(Some(patterns::ID)),
        )
        .description(Some(format!(
            "At most {} bytes of UTF-8 with something visible; no control character, `/` or bidirectional control",
            limits::MAX_ID_BYTES
        )))
        .into()
}

/// [`id`] as a named schema (a path parameter).
pub struct RecordId;

impl PartialSchema for RecordId {
    fn schema() -> RefOr<Schema> {
        RefOr::T(id())
    }
}

impl ToSchema for RecordId {}

/// A vacancy's title: something visible, one line.
pub fn title() -> Schema {
    text(limits::MAX_TITLE_CHARS, patterns::VISIBLE_LINE, false)
        .min_length(Some(1))
        .into()
}

/// A past or wanted job's title (optional).
pub fn line_title() -> Schema {
    text(limits::MAX_TITLE_CHARS, patterns::LINE, true).into()
}

/// A one-line text (`employer`, `education`, `source`, `major`, `region`), optional.
pub fn line() -> Schema {
    text(limits::MAX_TEXT_CHARS, patterns::LINE, true).into()
}

/// A free text (`description`, `summary`), optional.
pub fn free() -> Schema {
    text(limits::MAX_LONG_TEXT_CHARS, patterns::FREE, true)
        .description(Some(
            "An opening bidirectional control must be closed again in the same text (the pattern leaves openers out)",
        ))
        .into()
}

/// A list of one-line items (`skills`, `benefits`, `certificates`, wanted titles and regions).
pub fn items() -> Schema {
    ArrayBuilder::new()
        .items(text(limits::MAX_ITEM_CHARS, patterns::LINE, false))
        .max_items(Some(limits::MAX_ITEMS))
        .into()
}

/// A list of at most [`limits::MAX_ITEMS`] of a schema.
fn list_of<T: ToSchema>() -> Schema {
    ArrayBuilder::new()
        .items(reference::<T>())
        .max_items(Some(limits::MAX_ITEMS))
        .into()
}

/// Policy groups.
pub fn groups() -> Schema {
    list_of::<bole::Group>()
}

/// Job kinds.
pub fn kinds() -> Schema {
    list_of::<bole::JobKind>()
}

/// Past jobs.
pub fn experience() -> Schema {
    list_of::<super::schema::Experience>()
}

/// A vacancy's `salary`: the pay object, or null, or pay text. The engine reads pay text as the
/// platforms write it (`6-8K·13薪`, `4000-6000元/月`) and text saying 面议; the pattern states the
/// part a schema can: blank text or one of the words for 面议.
pub fn salary() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(reference::<super::schema::Salary>())
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(limits::MAX_TEXT_CHARS))
                .pattern(Some(
                    "^ *$|面议|面谈|协商|商议|待定|[Nn][Ee][Gg][Oo][Tt][Ii][Aa][Bb][Ll][Ee]",
                ))
                .description(Some(
                    "Pay text: 面议 (or blank), or pay as platforms write it (6-8K·13薪, 4000-6000元/月, 200元/天)",
                )),
        )
        .into()
}

/// Monthly pay in CNY, optional.
pub fn pay() -> Schema {
    number(limits::MAX_MONTHLY_PAY, true)
}

/// Years of experience, optional.
pub fn years() -> Schema {
    number(limits::MAX_YEARS, true)
}

/// A daily commute in km, optional.
pub fn commute() -> Schema {
    number(limits::MAX_COMMUTE_KM, true)
}

/// Places of a vacancy, optional.
pub fn headcount() -> Schema {
    ObjectBuilder::new()
        .schema_type(ty(Type::Integer, true))
        .minimum(Some(1))
        .maximum(Some(limits::MAX_HEADCOUNT))
        .into()
}

/// Months of pay a year, optional.
pub fn months() -> Schema {
    ObjectBuilder::new()
        .schema_type(ty(Type::Integer, true))
        .minimum(Some(*limits::MONTHS.start()))
        .maximum(Some(*limits::MONTHS.end()))
        .into()
}

/// A year (graduation), optional.
pub fn year() -> Schema {
    ObjectBuilder::new()
        .schema_type(ty(Type::Integer, true))
        .minimum(Some(*limits::YEARS.start()))
        .maximum(Some(*limits::YEARS.end()))
        .into()
}

/// An ISO date within the years of the record contract, optional.
pub fn date() -> Schema {
    ObjectBuilder::new()
        .schema_type(ty(Type::String, true))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(patterns::DATE))
        .into()
}

/// A date parameter (`today`): as [`date`], not null.
pub fn date_param() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(patterns::DATE))
        .into()
}

/// Policy groups as a query parameter (repeated, or comma-separated).
pub fn group_param() -> Schema {
    ArrayBuilder::new().items(reference::<bole::Group>()).into()
}

/// Job kinds as a query parameter (repeated, or comma-separated).
pub fn kind_param() -> Schema {
    ArrayBuilder::new()
        .items(reference::<bole::JobKind>())
        .into()
}

/// A 6-digit administrative code of the server's table of places.
pub struct AdCode;

impl PartialSchema for AdCode {
    fn schema() -> RefOr<Schema> {
        let codes = bole::text::region::codes()
            .into_iter()
            .map(|c| serde_json::Value::from(format!("{c:06}")));
        RefOr::T(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(codes))
                .description(Some("A known 6-digit administrative code"))
                .examples(["440111"])
                .into(),
        )
    }
}

impl ToSchema for AdCode {}

fn reference<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(utoipa::openapi::Ref::from_schema_name(T::name()))
}

/// A location's `adcode`, optional.
pub fn adcode() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(reference::<AdCode>())
        .into()
}

/// The name of a place the server resolves on its own (`广州`, `广州市`, `白云区`).
pub struct PlaceName;

impl PartialSchema for PlaceName {
    fn schema() -> RefOr<Schema> {
        let names = bole::text::region::names()
            .into_iter()
            .map(serde_json::Value::from);
        RefOr::T(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(names))
                .description(Some(
                    "The name of a known place; a text naming a chain of places (广东省广州市白云区) is accepted too",
                ))
                .examples(["广州市"])
                .into(),
        )
    }
}

impl ToSchema for PlaceName {}

/// A place the server knows: a code of [`AdCode`] or a [`PlaceName`]. Longer texts naming a
/// chain of places (`广东省广州市白云区`) are accepted too.
pub struct Region;

impl PartialSchema for Region {
    fn schema() -> RefOr<Schema> {
        RefOr::T(
            AnyOfBuilder::new()
                .item(reference::<AdCode>())
                .item(reference::<PlaceName>())
                .description(Some(
                    "A known 6-digit administrative code, or the name of a known place",
                ))
                .into(),
        )
    }
}

impl ToSchema for Region {}

/// A place-name parameter ([`PlaceName`] by reference).
pub fn place_param() -> RefOr<Schema> {
    reference::<PlaceName>()
}

/// A region parameter ([`Region`] by reference).
pub fn region_param() -> RefOr<Schema> {
    reference::<Region>()
}
