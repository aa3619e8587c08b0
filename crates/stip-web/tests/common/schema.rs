//! A small JSON Schema check for answers against the OpenAPI document's schemas: `$ref`, `type` (with `null`),
//! `properties` and `required`, `items` and `minItems`, `enum`, `oneOf` (exactly one), `allOf`, `anyOf`, and
//! `minimum`/`maximum`. Enough to catch a documented shape that drifted from what the API sends.

use serde_json::Value;

/// Every place where `value` does not fit the response schema of `method path status` in `doc`.
pub fn afwijkingen(doc: &Value, method: &str, path: &str, status: &str, value: &Value) -> Vec<String> {
    let schema = &doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"];
    assert!(!schema.is_null(), "{method} {path} {status} has no JSON schema");
    let mut fouten = Vec::new();
    check(doc, schema, value, "$", &mut fouten);
    fouten
}

fn check(doc: &Value, schema: &Value, v: &Value, waar: &str, fouten: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let doel = doc.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("{r} does not resolve"));
        return check(doc, doel, v, waar, fouten);
    }
    if let Some(types) = types(schema)
        && !types.iter().any(|t| past(t, v))
    {
        fouten.push(format!("{waar}: {v} is not {types:?}"));
        return;
    }
    if let Some(opties) = schema["enum"].as_array()
        && !opties.contains(v)
    {
        fouten.push(format!("{waar}: {v} is not one of {opties:?}"));
    }
    if let (Some(n), Some(min)) = (v.as_f64(), schema["minimum"].as_f64())
        && n < min
    {
        fouten.push(format!("{waar}: {n} < {min}"));
    }
    if let (Some(n), Some(max)) = (v.as_f64(), schema["maximum"].as_f64())
        && n > max
    {
        fouten.push(format!("{waar}: {n} > {max}"));
    }
    if let Value::Object(m) = v {
        for veld in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !m.contains_key(veld) {
                fouten.push(format!("{waar}: {veld} is required"));
            }
        }
        if let Some(props) = schema["properties"].as_object() {
            for (veld, s) in props {
                if let Some(w) = m.get(veld) {
                    check(doc, s, w, &format!("{waar}.{veld}"), fouten);
                }
            }
        }
    }
    if let Value::Array(a) = v {
        if let Some(min) = schema["minItems"].as_u64()
            && (a.len() as u64) < min
        {
            fouten.push(format!("{waar}: {} items, fewer than {min}", a.len()));
        }
        if schema.get("items").is_some() {
            for (i, w) in a.iter().enumerate() {
                check(doc, &schema["items"], w, &format!("{waar}[{i}]"), fouten);
            }
        }
    }
    for s in schema["allOf"].as_array().into_iter().flatten() {
        check(doc, s, v, waar, fouten);
    }
    let passend = |lijst: &Vec<Value>| {
        lijst
            .iter()
            .filter(|s| {
                let mut f = Vec::new();
                check(doc, s, v, waar, &mut f);
                f.is_empty()
            })
            .count()
    };
    if let Some(lijst) = schema["oneOf"].as_array() {
        let n = passend(lijst);
        if n != 1 {
            fouten.push(format!("{waar}: fits {n} of the oneOf schemas, not exactly one: {v}"));
        }
    }
    if let Some(lijst) = schema["anyOf"].as_array()
        && passend(lijst) == 0
    {
        fouten.push(format!("{waar}: fits none of the anyOf schemas: {v}"));
    }
}

fn types(schema: &Value) -> Option<Vec<String>> {
    match &schema["type"] {
        Value::String(t) => Some(vec![t.clone()]),
        Value::Array(ts) => Some(ts.iter().filter_map(|t| t.as_str().map(String::from)).collect()),
        _ => None,
    }
}

fn past(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|n| n.fract() == 0.0),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}
