//! The document as a generated client reads it: whole, resolvable, and stating the limits the
//! server enforces from the engine's own constants.

use bole::model::limits::{self, patterns};
use serde_json::Value;

use super::document;

/// Every JSON object in the document with its JSON-pointer path.
fn walk<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(o) => {
            out.push((path.clone(), v));
            for (k, x) in o {
                walk(x, format!("{path}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

fn has_type(schema: &Value, t: &str) -> bool {
    match &schema["type"] {
        Value::String(s) => s == t,
        Value::Array(a) => a.iter().any(|x| x == t),
        _ => false,
    }
}

#[test]
fn every_operation_has_an_id_a_tag_and_declared_errors_with_the_error_body() {
    let doc = document();
    let tags: Vec<&str> = doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    let mut n = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            n += 1;
            let id = op["operationId"].as_str().unwrap_or("");
            assert!(!id.is_empty(), "{method} {path}: no operationId");
            let op_tags = op["tags"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            assert!(!op_tags.is_empty(), "{method} {path}: no tag");
            for t in op_tags {
                assert!(
                    tags.contains(&t.as_str().unwrap()),
                    "{method} {path}: tag {t} not described"
                );
            }
            let responses = op["responses"].as_object().unwrap();
            for (status, r) in responses {
                // `/health` answers a degraded store with its own body; 431 comes without one.
                let own_body = path == "/health" || status == "431";
                if (status.starts_with('4') || status.starts_with('5')) && !own_body {
                    assert_eq!(
                        r["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/Error",
                        "{method} {path} {status}"
                    );
                }
            }
            let public = super::super::is_public(path);
            assert_eq!(
                responses.contains_key("401"),
                !public,
                "{method} {path}: 401"
            );
            let write = matches!(method.as_str(), "put" | "delete")
                || (method == "post" && path != "/v1/match");
            assert_eq!(responses.contains_key("507"), write, "{method} {path}: 507");
            assert!(responses.contains_key("431"), "{method} {path}: 431");
            if op.get("requestBody").is_some() {
                for s in ["400", "408", "413"] {
                    assert!(responses.contains_key(s), "{method} {path}: {s}");
                }
            }
            if path != "/health" && path != "/openapi.json" {
                assert!(responses.contains_key("500"), "{method} {path}: 500");
            }
        }
    }
    assert!(n >= 29, "{n} operations");
}

#[test]
fn every_reference_resolves_and_every_array_has_items() {
    let doc = document();
    let mut all = Vec::new();
    walk(doc, String::new(), &mut all);
    let mut refs = 0;
    for (path, v) in &all {
        if let Some(r) = v.get("$ref").and_then(Value::as_str) {
            refs += 1;
            assert!(resolve(doc, r).is_some(), "{path}: {r} does not resolve");
        }
        // A schema object of type array (not, say, an `enum` or `examples` list).
        if has_type(v, "array") {
            assert!(
                v["items"].is_object(),
                "{path}: an array without items: {v}"
            );
        }
    }
    assert!(refs > 50, "{refs} references");
    // Every component is used somewhere (else a generated client would carry dead models), apart
    // from the ones kept for the record contract's readers.
    let text = doc.to_string();
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        let r = format!("\"#/components/schemas/{name}\"");
        assert!(text.contains(&r), "component {name} is never referenced");
    }
}

#[test]
fn record_schemas_state_the_engines_limits() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let job = &schemas["Job"]["properties"];
    assert_eq!(job["title"]["maxLength"], limits::MAX_TITLE_CHARS as u64);
    assert_eq!(job["title"]["pattern"], patterns::VISIBLE_LINE);
    assert_eq!(job["employer"]["maxLength"], limits::MAX_TEXT_CHARS as u64);
    assert_eq!(
        job["description"]["maxLength"],
        limits::MAX_LONG_TEXT_CHARS as u64
    );
    assert_eq!(job["skills"]["maxItems"], limits::MAX_ITEMS as u64);
    assert_eq!(
        job["skills"]["items"]["maxLength"],
        limits::MAX_ITEM_CHARS as u64
    );
    assert_eq!(job["headcount"]["maximum"], limits::MAX_HEADCOUNT);
    assert_eq!(job["experience_years"]["maximum"], limits::MAX_YEARS);
    assert_eq!(job["posted_at"]["pattern"], patterns::DATE);
    let salary = &schemas["Salary"]["properties"];
    assert_eq!(salary["min"]["maximum"], limits::MAX_MONTHLY_PAY);
    assert_eq!(salary["months"]["maximum"], *limits::MONTHS.end());
    let person = &schemas["Candidate"]["properties"];
    assert_eq!(person["max_commute_km"]["maximum"], limits::MAX_COMMUTE_KM);
    assert_eq!(person["graduation_year"]["minimum"], *limits::YEARS.start());
    // Ids: ASCII up to the byte limit, any text up to a quarter of it.
    let id = &schemas["RecordId"]["anyOf"];
    assert_eq!(id[0]["maxLength"], limits::MAX_ID_BYTES as u64);
    assert_eq!(id[1]["maxLength"], (limits::MAX_ID_BYTES / 4) as u64);
    assert_eq!(person["id"], schemas["RecordId"]);
    // Records: `id` required; a PUT body has none (the path gives it).
    for (record, body) in [("Job", "JobBody"), ("Candidate", "CandidateBody")] {
        let required = schemas[record]["required"].as_array().unwrap();
        assert!(required.contains(&"id".into()), "{record}");
        assert!(schemas[body]["properties"].get("id").is_none(), "{body}");
    }
    // Fields the engine reads as absent when null are nullable; lists and `kind` are not (null
    // is refused for them).
    assert!(has_type(&job["employer"], "null") && has_type(&job["valid_until"], "null"));
    assert!(!has_type(&job["skills"], "null") && job["kind"].get("$ref").is_some());
    // Bulk bodies: at least one record, at most the per-body limit.
    let lines = &schemas["JobLines"];
    assert_eq!(lines["minItems"], 1);
    assert_eq!(lines["maxItems"], super::super::ingest::MAX_RECORDS as u64);
}

#[test]
fn places_are_the_ones_the_server_knows() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let codes = schemas["AdCode"]["enum"].as_array().unwrap();
    let names = schemas["PlaceName"]["enum"].as_array().unwrap();
    assert!(
        codes.len() > 3000 && names.len() > 3000,
        "{} {}",
        codes.len(),
        names.len()
    );
    for c in codes {
        let code: u32 = c.as_str().unwrap().parse().unwrap();
        assert!(bole::text::region::by_adcode(code).is_some(), "{c}");
    }
    for n in names.iter().step_by(7) {
        assert!(
            bole::text::region::resolve(n.as_str().unwrap()).is_some(),
            "{n}"
        );
    }
    assert!(names.contains(&"广州".into()) && names.contains(&"广州市".into()));
    let p = |path: &str, name: &str| -> Value {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["schema"]
            .clone()
    };
    assert_eq!(
        p("/v1/jobs/{id}/matches", "region")["$ref"],
        "#/components/schemas/Region"
    );
    assert_eq!(
        p("/v1/live/picks", "home")["$ref"],
        "#/components/schemas/PlaceName"
    );
    let kind = p("/v1/candidates/{id}/matches", "kind");
    assert_eq!(kind["items"]["$ref"], "#/components/schemas/JobKind");
}
