//! `GET /openapi.json`: the API's OpenAPI 3.1 document. It is kept by hand in `edge/openapi.json`
//! and compiled in; `tests/docs/openapi.test.mjs` fails when it and `table` disagree, and
//! schemathesis checks the edge's answers against it.

use worker::Response;

use crate::http::ApiResult;

const DOCUMENT: &str = include_str!("../../openapi.json");

pub fn get() -> ApiResult<Response> {
    let response = Response::ok(DOCUMENT)?;
    let headers = response.headers();
    headers.set("Content-Type", "application/json")?;
    headers.set("Cache-Control", "public, max-age=300")?;
    headers.set("Access-Control-Allow-Origin", "*")?;
    Ok(response)
}
