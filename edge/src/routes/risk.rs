//! `GET` and `PUT /v1/risk/rules`. With the admin token: the operator's rules, which every
//! merchant's checkout runs. With a merchant's secret key or a dashboard session: the merchant's
//! own rules, evaluated after the operator's (a merchant can ask for more checks, never fewer).
//! A change takes effect on the next confirm.

use serde_json::json;
use tessera_core::account::role::Action;
use tessera_core::risk::Rules;
use worker::{Request, Response};

use crate::app::App;
use crate::auth;
use crate::http::{self, ApiError, ApiResult};
use crate::store::trust;

/// Whether the operator calls: its token is neither a merchant key nor a dashboard session.
fn by_operator(req: &Request) -> ApiResult<bool> {
    let bearer = http::bearer(req.headers())?;
    Ok(bearer.is_some_and(|t| !t.starts_with("sk_") && !t.starts_with("pk_")))
}

pub async fn get(app: &App, req: Request) -> ApiResult<Response> {
    if by_operator(&req)? {
        auth::operator(app, &req)?;
        return http::json(200, &trust::operator_rules(&app.db).await?);
    }
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let own = trust::merchant_rules(&app.db, &caller.merchant.id).await?;
    http::json(200, &json!({ "object": "risk_rules", "rules": own, "defaults": trust::operator_rules(&app.db).await? }))
}

pub async fn put(app: &App, mut req: Request) -> ApiResult<Response> {
    if by_operator(&req)? {
        auth::operator(app, &req)?;
        let body = http::body(&mut req).await?;
        let rules = Rules::replacing(&trust::operator_rules(&app.db).await?, &body)?;
        let json = serde_json::to_string(&rules).map_err(|e| ApiError::internal("risk", &e.to_string()))?;
        trust::save_rules(&app.db, &json, app.now).await?;
        return http::json(200, &rules);
    }
    let caller = auth::merchant(app, &req, Action::ManageIntegration).await?;
    let body = http::body(&mut req).await?;
    let own = Rules::merchant_from_json(&body)?;
    trust::save_merchant_rules(&app.db, &caller.merchant.id, &own, app.now).await?;
    http::json(200, &json!({ "object": "risk_rules", "rules": own, "defaults": trust::operator_rules(&app.db).await? }))
}
