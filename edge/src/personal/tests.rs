//! Personal accounts on the in-memory ports, tried the way an attacker would: a fresh code for
//! every guess, a stolen mailbox changing the phone, a revoked browser signing in again, a
//! locked account opened with one channel.

use pollster::block_on;
use serde_json::json;
use tessera_core::account::identity::{sandbox, DocumentType, IdentityInput};
use tessera_core::account::personal::{SignInMethod, IDLE_SECONDS};
use tessera_core::address::AddressInput;
use tessera_core::api::ErrorCode;

use super::memory::PersonalMemory;
use super::model::CodePurpose;
use super::sessions::SignedIn;
use super::sign_in::Outcome;
use super::*;
use crate::error::ApiResult;

const ADA: &str = "ada@example.com";
const PHONE: &str = "+447700900123";

fn code<T: std::fmt::Debug>(r: ApiResult<T>) -> ErrorCode {
    r.expect_err("refused").code
}

fn browser(n: u8) -> Browser {
    Browser { device: format!("web_{n:02}"), country: "GB".into(), family: "Chrome" }
}

fn sign_in_from(m: &PersonalMemory, email: &str, b: &Browser) -> ApiResult<Outcome> {
    let sent = block_on(sign_in::send_code(m, email))?;
    let code = m.last_code(email).expect("a code");
    block_on(sign_in::verify_code(m, sent["id"].as_str().unwrap(), &code, b))
}

fn sign_in(m: &PersonalMemory, email: &str) -> SignedIn {
    match sign_in_from(m, email, &browser(1)).expect("verified") {
        Outcome::SignedIn(s) => *s,
        Outcome::Locked(_) => panic!("locked"),
    }
}

fn signed(m: &PersonalMemory, s: &SignedIn) -> Signed {
    block_on(sessions::authenticate(m, &s.token)).expect("authenticated")
}

fn with_phone(m: &PersonalMemory, s: &SignedIn) {
    let sent = block_on(profile::start_phone(m, &signed(m, s), PHONE)).unwrap();
    let c = m.last_code(PHONE).unwrap();
    block_on(profile::verify_phone(m, &signed(m, s), sent["id"].as_str().unwrap(), &c)).unwrap();
}

fn address() -> AddressInput {
    AddressInput { line1: "10 Downing Street".into(), line2: None, city: Some("London".into()), region: None, postal_code: Some("sw1a 2aa".into()), country: "GB".into() }
}

fn identity(number: &str) -> IdentityInput {
    IdentityInput {
        given_name: "Ada".into(),
        family_name: "Lovelace".into(),
        date_of_birth: "1985-12-10".into(),
        document_type: DocumentType::Passport,
        document_number: number.into(),
        issuing_country: "GB".into(),
    }
}

#[test]
fn sign_up_through_every_level() {
    let m = PersonalMemory::new();
    let s = sign_in(&m, ADA);
    let view = block_on(sessions::view(&m, &signed(&m, &s))).unwrap();
    assert_eq!(view["levels"], json!(["email"]));
    assert_eq!(view["next_level"], "phone");
    assert_eq!(view["capabilities"][0], json!({ "name": "save_cards", "unlocked": false, "needs": "phone" }));
    // Out of order: nothing moves.
    assert_eq!(code(block_on(profile::set_address(&m, &signed(&m, &s), &address()))), ErrorCode::LevelNotReached);
    assert_eq!(code(block_on(profile::submit_identity(&m, &signed(&m, &s), &identity(sandbox::VERIFIED)))), ErrorCode::LevelNotReached);
    with_phone(&m, &s);
    let a = block_on(profile::set_address(&m, &signed(&m, &s), &address())).unwrap();
    assert_eq!(a.address.as_ref().unwrap()["postal_code"], "SW1A 2AA", "normalised for its country");
    let a = block_on(profile::submit_identity(&m, &signed(&m, &s), &identity(sandbox::VERIFIED))).unwrap();
    assert_eq!(a.identity.as_str(), "verified");
    let view = block_on(sessions::view(&m, &signed(&m, &s))).unwrap();
    assert_eq!(view["levels"], json!(["email", "phone", "address", "identity"]));
    assert_eq!(view["identity"]["document"]["number_last4"], "0001");
    assert!(!view.to_string().contains("ID000001"), "the whole document number is not kept");
    // Each step resumes: signing in again finds the account where it was.
    assert_eq!(sign_in(&m, ADA).signed.account.id, s.signed.account.id);
}

#[test]
fn identity_outcomes_from_the_sandbox() {
    for (number, status) in [(sandbox::REJECTED, "rejected"), (sandbox::NEEDS_REVIEW, "in_review")] {
        let m = PersonalMemory::new();
        let s = sign_in(&m, ADA);
        with_phone(&m, &s);
        block_on(profile::set_address(&m, &signed(&m, &s), &address())).unwrap();
        let a = block_on(profile::submit_identity(&m, &signed(&m, &s), &identity(number))).unwrap();
        assert_eq!(a.identity.as_str(), status);
        if status == "in_review" {
            assert_eq!(code(block_on(profile::submit_identity(&m, &signed(&m, &s), &identity(sandbox::VERIFIED)))), ErrorCode::VerificationNotAllowed);
            assert_eq!(block_on(profile::review_identity(&m, &a.id, true)).unwrap().identity.as_str(), "verified");
        }
    }
}

#[test]
fn wrong_codes_lock_the_code_and_then_the_account() {
    let m = PersonalMemory::new();
    sign_in(&m, ADA);
    // Five tries on one code, then it is locked, even for the right code.
    let sent = block_on(sign_in::send_code(&m, ADA)).unwrap();
    let id = sent["id"].as_str().unwrap();
    let right = m.last_code(ADA).unwrap();
    let wrong = if right == "000000" { "111111" } else { "000000" };
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(code(block_on(sign_in::verify_code(&m, id, wrong, &browser(1)))));
    }
    assert_eq!(answers[..4], [ErrorCode::IncorrectCode; 4]);
    assert_eq!(answers[4], ErrorCode::SignInBlocked, "the fifth wrong code in a row blocks the account");
    // A fresh code does not reset it: the account is blocked, and no code is sent.
    let before = m.messages_to(ADA);
    assert_eq!(code(block_on(sign_in::send_code(&m, ADA))), ErrorCode::SignInBlocked);
    assert_eq!(m.messages_to(ADA), before);
}

#[test]
fn codes_to_one_number_are_bounded_across_purposes() {
    let m = PersonalMemory::new();
    let s = sign_in(&m, ADA);
    let mut sent = 0;
    for _ in 0..12 {
        if block_on(profile::start_phone(&m, &signed(&m, &s), PHONE)).is_ok() {
            sent += 1;
        }
    }
    assert_eq!(sent, 10, "the destination's hourly limit, shared with step-ups");
    assert_eq!(m.messages_to(PHONE), 10);
}

#[test]
fn a_stolen_mailbox_cannot_change_the_phone() {
    let m = PersonalMemory::new();
    let s = sign_in(&m, ADA);
    with_phone(&m, &s);
    // Signed in by email code: the phone is another authenticator, not changed with the mailbox.
    let thief = sign_in(&m, ADA);
    assert_eq!(code(block_on(profile::start_phone(&m, &signed(&m, &thief), "+447700900999"))), ErrorCode::ReauthenticationRequired);
    // The owner proves the current number first, then changes it; both numbers and the email hear.
    let current = block_on(profile::start_current_phone(&m, &signed(&m, &s))).unwrap();
    block_on(profile::verify_current_phone(&m, &signed(&m, &s), current["id"].as_str().unwrap(), &m.last_code(PHONE).unwrap())).unwrap();
    let new = block_on(profile::start_phone(&m, &signed(&m, &s), "+447700900456")).unwrap();
    let c = m.last_code("+447700900456").unwrap();
    block_on(profile::verify_phone(&m, &signed(&m, &s), new["id"].as_str().unwrap(), &c)).unwrap();
    assert!(m.last_message(PHONE).contains("was changed"), "the old number hears");
    assert!(m.last_message("+447700900456").contains("was changed"));
    assert!(m.last_message(ADA).contains("/account/lock/?token=lck_"));
}

#[test]
fn a_new_browser_is_announced_and_this_wasnt_me_locks_until_both_codes() {
    let m = PersonalMemory::new();
    let s = sign_in(&m, ADA);
    with_phone(&m, &s);
    let Outcome::SignedIn(other) = sign_in_from(&m, ADA, &browser(2)).unwrap() else { panic!() };
    let notice = m.last_message(ADA);
    assert!(notice.contains("new device"), "{notice}");
    let token = notice.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    block_on(sessions::lock(&m, &token)).unwrap();
    assert_eq!(code(block_on(sessions::authenticate(&m, &s.token))), ErrorCode::NotSignedInAccount, "every sign-in ended");
    assert_eq!(code(block_on(sessions::authenticate(&m, &other.token))), ErrorCode::NotSignedInAccount);
    assert_eq!(code(block_on(sessions::lock(&m, &token))), ErrorCode::LinkInvalid, "a link works once");
    // The email code alone does not open it: it answers with the phone code to send next.
    let Outcome::Locked(sms) = sign_in_from(&m, ADA, &browser(1)).unwrap() else { panic!("opened with one channel") };
    assert_eq!(code(block_on(sign_in::unlock_with_phone(&m, sms["id"].as_str().unwrap(), "999999", &browser(1)))), ErrorCode::IncorrectCode);
    let unlocked = block_on(sign_in::unlock_with_phone(&m, sms["id"].as_str().unwrap(), &m.last_code(PHONE).unwrap(), &browser(1))).unwrap();
    assert_eq!(unlocked.signed.session.method, SignInMethod::SmsCode);
    assert!(block_on(sessions::authenticate(&m, &unlocked.token)).is_ok());
}

#[test]
fn sessions_end_after_five_idle_minutes_and_everywhere() {
    let m = PersonalMemory::new();
    let s = sign_in(&m, ADA);
    m.advance(IDLE_SECONDS - 10);
    assert!(block_on(sessions::authenticate(&m, &s.token)).is_ok());
    m.advance(IDLE_SECONDS);
    assert_eq!(code(block_on(sessions::authenticate(&m, &s.token))), ErrorCode::NotSignedInAccount);
    let a = sign_in(&m, ADA);
    let b = sign_in(&m, ADA);
    block_on(sessions::sign_out_everywhere(&m, &signed(&m, &a))).unwrap();
    assert_eq!(code(block_on(sessions::authenticate(&m, &b.token))), ErrorCode::NotSignedInAccount);
}

#[test]
fn a_revoked_browser_is_let_in_no_more() {
    let m = PersonalMemory::new();
    let s = sign_in(&m, ADA);
    let Outcome::SignedIn(other) = sign_in_from(&m, ADA, &browser(2)).unwrap() else { panic!() };
    let devices = block_on(privacy::devices(&m, &signed(&m, &s))).unwrap();
    assert_eq!(devices["data"].as_array().unwrap().len(), 2);
    block_on(privacy::revoke_device(&m, &signed(&m, &s), "web_02")).unwrap();
    assert_eq!(code(block_on(sessions::authenticate(&m, &other.token))), ErrorCode::NotSignedInAccount);
    assert_eq!(code(sign_in_from(&m, ADA, &browser(2))), ErrorCode::DeviceRevoked);
}

#[test]
fn export_holds_everything_and_delete_leaves_nothing() {
    let m = PersonalMemory::new();
    let s = sign_in(&m, ADA);
    with_phone(&m, &s);
    let export = block_on(privacy::export(&m, &signed(&m, &s))).unwrap();
    assert_eq!(export["account"]["email"], ADA);
    assert_eq!(export["account"]["phone"], PHONE);
    assert!(export["activity"].as_array().unwrap().iter().any(|a| a["type"] == "verified"));
    assert!(export["account"]["session"].get("csrf_token").is_none());
    block_on(privacy::delete(&m, &signed(&m, &s))).unwrap();
    let rows = m.rows.borrow();
    assert!(rows.accounts.is_empty() && rows.sessions.is_empty() && rows.activity.is_empty() && rows.devices.is_empty());
    assert!(rows.codes.values().all(|c| c.destination != ADA && c.account_id.is_none()));
    drop(rows);
    assert_eq!(code(block_on(sessions::authenticate(&m, &s.token))), ErrorCode::NotSignedInAccount);
    // The address may sign up again, as a new account.
    assert_ne!(sign_in(&m, ADA).signed.account.id, s.signed.account.id);
    let _ = CodePurpose::SignIn;
}

#[test]
fn a_code_is_sent_in_the_browsers_language() {
    let m = PersonalMemory::new().speaking("de");
    block_on(sign_in::send_code(&m, ADA)).unwrap();
    let body = m.last_message(ADA);
    let code = m.last_code(ADA).unwrap();
    assert_eq!(body, format!("Ihr Tessera-Code lautet {code}. Damit melden Sie sich bei Ihrem Tessera-Konto an. Er gilt einmal und fünf Minuten lang. Niemand von Tessera wird Sie danach fragen."));
    let m = PersonalMemory::new();
    block_on(sign_in::send_code(&m, ADA)).unwrap();
    assert!(m.last_message(ADA).starts_with("Your Tessera code is "), "English when the browser asks for nothing else");
}
