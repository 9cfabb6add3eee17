//! OpenAPI schemas of bodies that are not a serialized type of their own.
//!
//! Most answers are described by the very types they are written from: the engine's (matches,
//! import reports, rosters, groups, job kinds: `ToSchema` behind bole-engine's `utoipa` feature)
//! and the server's answer structs in the resource files. What stays here are mirrors:
//! - the records `Job` and `Candidate` as a caller *sends* them (the engine's structs read more
//!   leniently than they write: pay as text, an `id` filled from the path, unknown fields kept);
//! - answers still assembled as JSON (`json!`): the console's rows, livestream picks (owned by the
//!   live module), assignment runs.
//!
//! `tests.rs` validates real answers of every route against these schemas, so a mirror that
//! drifts from what the server writes fails there.

#![allow(dead_code)] // mirror types exist for their schemas only

use bole::roster::Summary as RosterSummary;
use bole::{Group, JobKind};
use utoipa::ToSchema;

use super::fields;

/// Every error: `{"error":{"code","message"}}`.
#[derive(ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The code and message of an error.
#[derive(ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code (`invalid_field`, `not_found`, `unauthorized`, …).
    #[schema(example = "invalid_field")]
    pub code: String,
    /// Human-readable; for a field error it starts with the field path.
    #[schema(example = "field `salary.min`: invalid type: string \"abc\", expected f64")]
    pub message: String,
}

/// A place: free text, a 6-digit administrative code, coordinates (any of them).
#[derive(ToSchema)]
pub struct Location {
    /// Free text naming the place (`广东省广州市白云区`).
    #[schema(schema_with = fields::line)]
    pub region: Option<String>,
    #[schema(schema_with = fields::adcode)]
    pub adcode: Option<String>,
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
}

/// Monthly pay in CNY (`min` not above `max`); null or absent = 面议.
#[derive(ToSchema)]
pub struct Salary {
    #[schema(schema_with = fields::pay)]
    pub min: Option<f64>,
    #[schema(schema_with = fields::pay)]
    pub max: Option<f64>,
    #[schema(schema_with = fields::months)]
    pub months: Option<u32>,
}

/// The fields of a vacancy record; `$id` is the `id` field (a record) or nothing (a `PUT` body,
/// whose path gives the id).
macro_rules! job {
    ($(#[$m:meta])* $name:ident { $($id:tt)* }) => {
        $(#[$m])*
        #[derive(ToSchema)]
        pub struct $name {
            $($id)*
            #[schema(schema_with = fields::title)]
            pub title: String,
            #[schema(schema_with = fields::free)]
            pub description: Option<String>,
            #[schema(schema_with = fields::line)]
            pub employer: Option<String>,
            #[schema(schema_with = fields::items, required = false)]
            pub skills: Vec<String>,
            pub location: Option<Location>,
            #[schema(schema_with = fields::salary)]
            pub salary: Option<Salary>,
            #[schema(schema_with = fields::line)]
            pub education: Option<String>,
            #[schema(schema_with = fields::years)]
            pub experience_years: Option<f64>,
            /// Default `full_time`.
            #[schema(required = false)]
            pub kind: JobKind,
            /// Places to fill (default 1).
            #[schema(schema_with = fields::headcount)]
            pub headcount: Option<u32>,
            #[schema(schema_with = fields::items, required = false)]
            pub benefits: Vec<String>,
            pub accessible: Option<bool>,
            /// At most 31 days after today.
            #[schema(schema_with = fields::date)]
            pub posted_at: Option<String>,
            /// Not before `posted_at`.
            #[schema(schema_with = fields::date)]
            pub valid_until: Option<String>,
            #[schema(schema_with = fields::line)]
            pub source: Option<String>,
            /// Answers only, for a vacancy with hires (outcome events): headcount − hires.
            #[schema(read_only)]
            pub open_places: Option<u32>,
            /// Answers only, for a vacancy with hires: no open place left (no longer recommended).
            #[schema(read_only)]
            pub filled: Option<bool>,
            /// Answers only: `已招满` when the vacancy is filled.
            #[schema(read_only, example = "已招满")]
            pub fill_status: Option<String>,
        }
    };
}

job!(
    /// A vacancy record (the record contract, docs/SCHEMA.md): a stored record, a bulk line.
    /// Fields beyond these are kept and returned.
    Job {
        #[schema(schema_with = fields::id)]
        pub id: String,
    }
);

job!(
    /// A vacancy as a `PUT` body: the path gives the `id` (an `id` in the body must equal it).
    /// Fields beyond these are kept and returned.
    JobBody {}
);

/// One past job of a person.
#[derive(ToSchema)]
pub struct Experience {
    #[schema(schema_with = fields::line_title)]
    pub title: Option<String>,
    #[schema(schema_with = fields::line)]
    pub employer: Option<String>,
    #[schema(schema_with = fields::years)]
    pub years: Option<f64>,
    #[schema(schema_with = fields::free)]
    pub description: Option<String>,
}

/// What a person wants.
#[derive(ToSchema)]
pub struct Desired {
    #[schema(schema_with = fields::items, required = false)]
    pub titles: Vec<String>,
    #[schema(schema_with = fields::items, required = false)]
    pub regions: Vec<String>,
    #[schema(schema_with = fields::pay)]
    pub salary_min: Option<f64>,
    #[schema(schema_with = fields::kinds, required = false)]
    pub kinds: Vec<JobKind>,
}

/// What a person needs of a workplace.
#[derive(ToSchema)]
pub struct Needs {
    pub accessible: Option<bool>,
    pub flexible_hours: Option<bool>,
    pub accommodation: Option<bool>,
}

/// The fields of a person's record, as [`job!`] for vacancies.
macro_rules! candidate {
    ($(#[$m:meta])* $name:ident { $($id:tt)* }) => {
        $(#[$m])*
        #[derive(ToSchema)]
        pub struct $name {
            $($id)*
            #[schema(schema_with = fields::groups, required = false)]
            pub groups: Vec<Group>,
            #[schema(schema_with = fields::line)]
            pub education: Option<String>,
            #[schema(schema_with = fields::line)]
            pub major: Option<String>,
            #[schema(schema_with = fields::year)]
            pub graduation_year: Option<i32>,
            #[schema(schema_with = fields::items, required = false)]
            pub skills: Vec<String>,
            #[schema(schema_with = fields::items, required = false)]
            pub certificates: Vec<String>,
            #[schema(schema_with = fields::experience, required = false)]
            pub experience: Vec<Experience>,
            #[schema(schema_with = fields::free)]
            pub summary: Option<String>,
            pub desired: Option<Desired>,
            pub home: Option<Location>,
            #[schema(schema_with = fields::commute)]
            pub max_commute_km: Option<f64>,
            pub needs: Option<Needs>,
        }
    };
}

candidate!(
    /// A person's record (the record contract, docs/SCHEMA.md): a stored record, a bulk line, the
    /// body of `POST /v1/match`. Fields beyond these are kept and returned.
    Candidate {
        #[schema(schema_with = fields::id)]
        pub id: String,
    }
);

candidate!(
    /// A person as a `PUT` body: the path gives the `id` (an `id` in the body must equal it).
    /// Fields beyond these are kept and returned.
    CandidateBody {}
);

/// A body of records: JSON Lines, one record a line (application/json: an array), at least one,
/// at most [`MAX_RECORDS`](super::ingest::MAX_RECORDS).
macro_rules! lines {
    ($name:ident, $record:ty) => {
        #[doc = concat!("Records of `", stringify!($record), "`: JSON Lines or an array.")]
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ArrayBuilder::new()
                    .items(utoipa::openapi::RefOr::Ref(
                        utoipa::openapi::Ref::from_schema_name(<$record as ToSchema>::name()),
                    ))
                    .min_items(Some(1))
                    .max_items(Some(super::ingest::MAX_RECORDS))
                    .description(Some(
                        "Records: as JSON Lines (application/x-ndjson) one a line, as application/json an array",
                    ))
                    .into()
            }
        }

        impl ToSchema for $name {
            fn schemas(
                out: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
            ) {
                out.push((
                    <$record as ToSchema>::name().into(),
                    <$record as utoipa::PartialSchema>::schema(),
                ));
                <$record as ToSchema>::schemas(out);
            }
        }
    };
}

lines!(JobLines, Job);

/// Records of either side as a JSON array (a file uploaded to the console).
pub struct AnyRecords;

impl utoipa::PartialSchema for AnyRecords {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(utoipa::openapi::schema::ObjectBuilder::new())
            .min_items(Some(1))
            .max_items(Some(super::ingest::MAX_RECORDS))
            .description(Some("Records (vacancies or people, as the path says)"))
            .into()
    }
}

impl ToSchema for AnyRecords {}
lines!(CandidateLines, Candidate);
lines!(EventLines, bole::outcomes::OutcomeEvent);

// ---- answers the server builds ----

/// The kinds of events of a live stream.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum SseKind {
    /// The stream is open (data `{}`).
    Ready,
    /// A new vacancy for the audience (data: a `Pick` as JSON).
    Job,
    /// Events were missed (data: how many).
    Lagged,
}

/// One event of a live stream (`event:` and `data:` lines; comment lines keep it open).
#[derive(ToSchema)]
pub struct SseEvent {
    pub event: SseKind,
    pub data: String,
}

/// Livestream picks (each the engine's own [`bole::live::Pick`]).
#[derive(ToSchema)]
pub struct Picks {
    pub picks: Vec<bole::live::Pick>,
}

/// A label of a group or job kind.
#[derive(ToSchema)]
pub struct Label {
    pub id: String,
    pub label: String,
    /// Groups only: a 托底 group.
    pub priority: Option<bool>,
}

/// Record counts.
#[derive(ToSchema)]
pub struct Counts {
    pub jobs: u64,
    pub candidates: u64,
}

/// `GET /console/api/meta`.
#[derive(ToSchema)]
pub struct ConsoleMeta {
    pub version: String,
    pub counts: Counts,
    pub groups: Vec<Label>,
    pub kinds: Vec<Label>,
    pub writes_enabled: bool,
    pub open_reads: bool,
}

/// A `JobMatch` plus what a caseworker reads at a glance.
#[derive(ToSchema)]
pub struct JobRow {
    pub job_id: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub title: String,
    pub employer: Option<String>,
    pub place: Option<String>,
    pub kind: JobKind,
    /// Monthly CNY `[min, max]`; null = 面议.
    #[schema(value_type = Option<Vec<f64>>, min_items = 2, max_items = 2)]
    pub pay: Option<[f64; 2]>,
    pub distance_km: Option<f64>,
    pub beyond_commute: bool,
    pub education: Option<String>,
    pub headcount: u32,
    pub benefits: Vec<String>,
    pub valid_until: Option<String>,
}

/// A `CandidateMatch` plus what a caseworker reads at a glance.
#[derive(ToSchema)]
pub struct PersonRow {
    pub candidate_id: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub priority: bool,
    pub groups: Vec<Group>,
    pub education: Option<String>,
    pub major: Option<String>,
    pub place: Option<String>,
    pub distance_km: Option<f64>,
    pub desired: Vec<String>,
    /// The first 80 characters of the résumé.
    pub summary: Option<String>,
}

/// A person's record and vacancies for them.
#[derive(ToSchema)]
pub struct ConsoleJobMatches {
    pub candidate: Candidate,
    pub matches: Vec<JobRow>,
}

/// A vacancy's record and people for it.
#[derive(ToSchema)]
pub struct ConsolePersonMatches {
    pub job: Job,
    pub matches: Vec<PersonRow>,
}

/// The state of an assignment run.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum RunState {
    Queued,
    Running,
    Done,
    Failed,
}

/// People whose edges are generated / people in the run (edge generation is the slow part; the
/// state stays `running` through the assignment itself).
#[derive(ToSchema)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// A run in brief.
#[derive(ToSchema)]
pub struct RunBrief {
    pub id: String,
    pub state: RunState,
    #[schema(value_type = super::params::AssignMode)]
    pub mode: String,
    pub progress: Progress,
    #[schema(format = DateTime)]
    pub created: String,
}

/// The runs held in memory (the last 20), newest first.
#[derive(ToSchema)]
pub struct RunList {
    pub runs: Vec<RunBrief>,
}

/// A run: its state, the summary once done, the error if failed.
#[derive(ToSchema)]
pub struct RunStatus {
    pub id: String,
    pub state: RunState,
    #[schema(value_type = super::params::AssignMode)]
    pub mode: String,
    pub progress: Progress,
    #[schema(format = DateTime)]
    pub created: String,
    pub summary: Option<RosterSummary>,
    pub error: Option<ErrorDetail>,
}

/// Where to poll and download a run.
#[derive(ToSchema)]
pub struct RunLinks {
    #[schema(rename = "self")]
    pub self_: String,
    pub csv: String,
    pub json: String,
}

/// A run queued.
#[derive(ToSchema)]
pub struct RunQueued {
    pub id: String,
    pub state: RunState,
    /// Lines not taken, in the import report's per-line shape.
    pub rejected: Vec<bole::import::Rejection>,
    /// People in the run.
    pub total: u64,
    pub links: RunLinks,
}
