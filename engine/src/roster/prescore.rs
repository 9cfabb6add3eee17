//! Stage 2: the ranker's cheap features of a (person, vacancy) pair, computed by the ranker's own
//! feature functions ([`crate::rank::features`]) over a small copy of the vacancy, to choose which
//! pairs the ranker sees.

use super::quant::{dot_i8, quantise};
use crate::engine::JobEntry;
use crate::model::JobKind;
use crate::rank::features::{self, BonusTable, Features, Needs, Offers, Trait};
use crate::rank::{CandidateProfile, Policy};
use crate::text::education::EduLevel;
use crate::text::region;

/// What pre-scoring reads of a vacancy, copied out of its [`JobEntry`] into one small record.
#[derive(Clone, Copy, Default)]
pub(super) struct Pre {
    pub(super) lat: f64,
    pub(super) lon: f64,
    /// Monthly pay range; `pay_hi` is NaN when the pay is not stated (面议).
    pub(super) pay_lo: f64,
    pub(super) pay_hi: f64,
    pub(super) exp: f64,
    /// Place code (0 when the vacancy has no place).
    pub(super) adcode: u32,
    /// Scale of the quantised vector (0 when the vacancy has none).
    pub(super) vscale: f32,
    /// The vacancy's bonus traits ([`features::job_traits`]).
    pub(super) traits: u16,
    /// `P_*` bits.
    pub(super) bits: u16,
    pub(super) edu: Option<EduLevel>,
    pub(super) kind: JobKind,
    pub(super) offers: Offers,
}

pub(super) const P_PLACE: u16 = 1;
pub(super) const P_PRECISE: u16 = 1 << 1;
pub(super) const P_VEC: u16 = 1 << 2;

impl Pre {
    pub(super) fn of(e: &JobEntry) -> Pre {
        let j = &e.profile;
        let mut bits = 0;
        if let Some(s) = &j.place {
            bits |= P_PLACE;
            if s.precise {
                bits |= P_PRECISE;
            }
        }
        let (lat, lon, adcode) = j
            .place
            .as_ref()
            .map_or((0.0, 0.0, 0), |s| (s.lat, s.lon, s.adcode));
        let (pay_lo, pay_hi) = j.pay.unwrap_or((f64::NAN, f64::NAN));
        Pre {
            lat,
            lon,
            pay_lo,
            pay_hi,
            exp: j.exp,
            adcode,
            vscale: 0.0,
            traits: features::job_traits(j),
            bits,
            edu: j.edu,
            kind: j.kind,
            offers: features::offers_of(j),
        }
    }

    pub(super) fn has(&self, bit: u16) -> bool {
        self.bits & bit != 0
    }

    /// The place code, when the vacancy has a place.
    fn place(&self) -> Option<u32> {
        self.has(P_PLACE).then_some(self.adcode)
    }
}

/// What a person brings to pre-scoring, derived once.
pub(super) struct Person<'a> {
    pub(super) p: &'a CandidateProfile,
    /// The person's vector quantised like the vacancies' ([`quantise`]); empty when none.
    qv: Vec<i8>,
    vscale: f32,
    /// Origin (home, else the first desired place) when precise: `(lat, lon)` in degrees and the
    /// sine and cosine of its latitude, for [`Person::km`].
    origin: Option<(f64, f64, f64, f64)>,
    circle: f64,
    reach: f64,
    bonus: BonusTable,
    needs: Needs,
}

/// Why a vacancy is not feasible for a person (cheap checks, the same rules as the ranker's
/// `beyond_commute` and `education_gap`).
pub(super) enum Block {
    Far,
    Education,
}

impl<'a> Person<'a> {
    pub(super) fn new(p: &'a CandidateProfile, v: &[f32], policy: &Policy) -> Person<'a> {
        let origin = features::origin(p);
        let circle = features::circle_km(origin.is_some_and(|o| o.urban), &policy.circles);
        let reach = features::reach_km(p.max_commute_km, circle, &policy.circles);
        let mut qv = Vec::new();
        let vscale = quantise(v, &mut qv);
        Person {
            p,
            qv,
            vscale,
            origin: origin.filter(|o| o.precise).map(|o| {
                let r = o.lat.to_radians();
                (o.lat, o.lon, r.sin(), r.cos())
            }),
            circle,
            reach,
            bonus: BonusTable::new(&p.groups, policy),
            needs: features::needs_of(p),
        }
    }

    /// Distance to a precisely placed vacancy, by the equirectangular approximation at the mean
    /// latitude (within a fraction of a per cent of [`region::distance_km`] at commuting range).
    pub(super) fn km(&self, x: &Pre) -> Option<f64> {
        let (lat, lon, sin, cos) = self.origin?;
        if !x.has(P_PRECISE) {
            return None;
        }
        const R: f64 = 6371.0088;
        let dlat = (x.lat - lat).to_radians();
        // cos of the mean latitude, to first order around the origin's.
        let dlon = (x.lon - lon).to_radians() * (cos - sin * dlat / 2.0);
        Some(R * (dlat * dlat + dlon * dlon).sqrt())
    }

    /// Feasibility by the ranker's rules, without scoring. Near the commute limit, where the
    /// approximation of [`Person::km`] could decide, the exact distance decides.
    pub(super) fn block(&self, x: &Pre, km: Option<f64>, policy: &Policy) -> Option<Block> {
        if features::education(x.edu, self.p.edu, &policy.curves).1 > 0 {
            return Some(Block::Education);
        }
        if let (Some(k), Some(m)) = (km, self.p.max_commute_km) {
            if k > m {
                if k > m * 1.02 + 0.1 {
                    return Some(Block::Far);
                }
                let (lat, lon, _, _) = self.origin?;
                if region::distance_km((lat, lon), (x.lat, x.lon)) > m {
                    return Some(Block::Far);
                }
            }
        }
        None
    }

    /// Cosine similarity estimated from the quantised vectors.
    pub(super) fn sem(&self, x: &Pre, qv: &[i8]) -> Option<f64> {
        (x.has(P_VEC) && !self.qv.is_empty())
            .then(|| dot_i8(&self.qv, qv) as f64 * self.vscale as f64 * x.vscale as f64)
    }

    /// The ranker's score over its cheap features (no skills, no word overlap) with the bonuses
    /// and penalties, for a feasible pair: an estimate of [`crate::rank::score`], used only to
    /// choose which pairs the ranker sees.
    pub(super) fn prescore(
        &self,
        x: &Pre,
        sem: Option<f64>,
        title: Option<f64>,
        km: Option<f64>,
        policy: &Policy,
    ) -> f64 {
        let (p, c) = (self.p, &policy.curves);
        let region = (!p.desired.is_empty()).then(|| {
            let inside = x
                .place()
                .map(|a| features::desired_region(&p.desired, a).is_some());
            features::region(inside, c)
        });
        let salary = match (p.salary_min, x.pay_hi.is_nan()) {
            (Some(want), false) => Some(features::salary(want, x.pay_lo, x.pay_hi, c)),
            _ => None,
        };
        let home_county = features::in_home_county(p.home.as_ref(), x.place());
        let near = features::near_home(home_county, km, &policy.circles);
        let traits = x.traits | if near { Trait::NearHome.bit() } else { 0 };
        let f = Features {
            title,
            semantic: sem.map(features::semantic),
            distance: km.map(|k| features::distance(k, self.circle, self.reach, c)),
            region,
            salary,
            education: Some(features::education(x.edu, p.edu, c).0),
            experience: Some(features::experience(x.exp, p.exp, c)),
            kind: (!p.kinds.is_empty()).then(|| features::kind(p.kinds.contains(&x.kind), c)),
            needs: features::needs(self.needs, x.offers, c),
            bonus: self.bonus.total(traits),
            ..Features::default()
        };
        features::combine(&f, features::welfare_barred(x.kind, p), policy)
    }
}
