//! `POST /v1/csp_reports?pk=…`, where browsers send the card frame's CSP violations (the frame's
//! policy names it in `report-uri`), and `GET /v1/csp_reports`, where the merchant reads its own
//! (PCI DSS 11.6.1: a script that should not be on the payment page shows up here).

use tessera_core::account::role::Action;
use tessera_core::api::ErrorCode;
use tessera_core::crypto::RustCrypto;
use tessera_core::csp_report::{self, MAX_PER_REQUEST};
use tessera_core::ids::{Id, Kind};
use worker::{Request, Response};

use crate::app::App;
use crate::auth;
use crate::http::{self, ApiError, ApiResult};
use crate::routes::lists;
use crate::store::{csp_reports, merchants};

/// A browser's report is small; a batch of ten fits well within this.
const MAX_REPORT_BODY: usize = 32 * 1024;

/// The frame's `report-uri` for the merchant of `publishable_key`.
pub fn report_uri(publishable_key: &str) -> String {
    ["/v1/csp_reports?pk=", publishable_key].concat()
}

pub async fn post(app: &App, mut req: Request) -> ApiResult<Response> {
    let url = req.url()?;
    let mut pk = None;
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "pk" if pk.is_none() => pk = Some(v.into_owned()),
            _ => return Err(ErrorCode::InvalidQuery.into()),
        }
    }
    let pk = pk.ok_or_else(|| ApiError::from(ErrorCode::InvalidPublishableKey))?;
    let shape_ok = pk.len() <= 64 && pk.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let found = if shape_ok { merchants::by_publishable_key(&app.db, &pk).await? } else { None };
    let Some((merchant, livemode)) = found else { return Err(ErrorCode::InvalidPublishableKey.into()) };
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    let body = http::body_within(&mut req, MAX_REPORT_BODY).await?;
    let violations = csp_report::parse(&body, &content_type).map_err(|_| ApiError::from(ErrorCode::InvalidCspReport))?;
    let mut rows = Vec::with_capacity(violations.len().min(MAX_PER_REQUEST));
    for v in violations {
        rows.push((Id::generate(&RustCrypto, Kind::CspReport)?.to_string(), v));
    }
    csp_reports::record(&app.db, &merchant.id, livemode, &rows, app.now).await?;
    Ok(Response::empty()?.with_status(204))
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let page = lists::page(&req, &[])?;
    let cursor = match page.starting_after.as_deref() {
        None => None,
        Some(id) => Some(csp_reports::get(&app.db, &caller.merchant.id, caller.livemode, id).await?.ok_or_else(|| ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let items = csp_reports::list(&app.db, &caller.merchant.id, caller.livemode, cursor.as_ref(), page.limit + 1).await?;
    http::json(200, &lists::render(items, page.limit, csp_reports::Row::to_json))
}
