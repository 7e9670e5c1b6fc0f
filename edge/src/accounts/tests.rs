//! Business accounts on the in-memory ports, tried the way an attacker would: fresh codes for
//! every guess, codes pumped to one address, sessions kept alive, invitations used by the wrong
//! person, roles reaching above themselves.

use pollster::block_on;
use serde_json::json;
use tessera_core::account::business::{Address, BusinessInput};
use tessera_core::account::dashboard;
use tessera_core::account::verification::{Outcome, VerificationStatus};
use tessera_core::api::ErrorCode;

use super::memory::AccountsMemory;
use super::ports::*;
use super::sign_in::SignedIn;
use super::*;
use crate::error::{ApiError, ApiResult};

fn code<T: std::fmt::Debug>(r: ApiResult<T>) -> ErrorCode {
    r.expect_err("refused").code
}

fn sign_in(m: &AccountsMemory, email: &str) -> SignedIn {
    let sent = block_on(sign_in::send_code(m, email)).expect("sent");
    let code = m.last_code(&email.to_ascii_lowercase()).expect("a code");
    block_on(sign_in::verify_code(m, &sent.id, &code)).expect("signed in")
}

fn signed(m: &AccountsMemory, s: &SignedIn) -> Signed {
    block_on(sessions::authenticate(m, &s.token)).expect("authenticated")
}

fn details() -> BusinessInput {
    BusinessInput {
        legal_name: Some("Ada's Books GmbH".into()),
        country: Some("DE".into()),
        address: Some(Address { line1: "Hauptstr. 1".into(), line2: None, city: "Berlin".into(), postal_code: "10115".into(), state: None }),
        website: Some("https://ada-books.example".into()),
        support_email: Some("help@ada-books.example".into()),
    }
}

/// A user with a business, signed in as its owner.
fn owner(m: &AccountsMemory, email: &str) -> Signed {
    let s = sign_in(m, email);
    let (signed, created) = block_on(business::create(m, signed(m, &s), details(), Some("Europe/Berlin".into()), None, |_| true)).expect("created");
    assert!(created.secret_key.starts_with("sk_test_"));
    signed
}

#[test]
fn a_new_address_signs_up_with_its_code_and_then_needs_a_business() {
    let m = AccountsMemory::new();
    let s = sign_in(&m, "Ada@Example.com");
    assert_eq!(s.user.email, "ada@example.com");
    let view = block_on(sessions::view(&m, &signed(&m, &s))).unwrap();
    assert_eq!(view["next"], "business_details");
    assert_eq!(view["merchant"], json!(null));
    assert!(dashboard::csrf_matches(&m.account_settings().csrf_key, &s.token, view["csrf_token"].as_str().unwrap()));
    // The same address signs in again as the same user.
    assert_eq!(sign_in(&m, "ada@example.com").user.id, s.user.id);
}

#[test]
fn fresh_codes_do_not_reset_the_count_of_wrong_ones() {
    let m = AccountsMemory::new();
    for i in 0..5 {
        let sent = block_on(sign_in::send_code(&m, "ada@example.com")).unwrap();
        let refused = block_on(sign_in::verify_code(&m, &sent.id, "000000")).unwrap_err();
        let expected = if i < 4 { ErrorCode::IncorrectCode } else { ErrorCode::SignInBlocked };
        assert_eq!(refused.code, expected, "guess {i}");
        if i < 4 {
            assert_eq!(refused.extra.unwrap()["attempts_left"], 4 - i);
        }
    }
    // Blocked: no code is sent, and a right code from before is not weighed.
    let before = m.messages_to("ada@example.com");
    assert_eq!(code(block_on(sign_in::send_code(&m, "ada@example.com"))), ErrorCode::SignInBlocked);
    assert_eq!(m.messages_to("ada@example.com"), before);
    m.advance(dashboard::BLOCK_SECONDS);
    let s = sign_in(&m, "ada@example.com");
    assert!(s.token.starts_with("dss_"));
}

#[test]
fn codes_cannot_be_pumped_to_one_address() {
    let m = AccountsMemory::new();
    for _ in 0..dashboard::MAX_CODES_PER_HOUR {
        block_on(sign_in::send_code(&m, "victim@example.com")).unwrap();
    }
    assert_eq!(code(block_on(sign_in::send_code(&m, "victim@example.com"))), ErrorCode::DestinationRateLimited);
    assert_eq!(m.messages_to("victim@example.com"), 10);
    // Resends count too.
    let m = AccountsMemory::new();
    let sent = block_on(sign_in::send_code(&m, "a@example.com")).unwrap();
    assert_eq!(code(block_on(sign_in::resend_code(&m, &sent.id))), ErrorCode::ResendTooSoon);
    for _ in 0..3 {
        m.advance(30);
        block_on(sign_in::resend_code(&m, &sent.id)).unwrap();
    }
    m.advance(30);
    assert_eq!(code(block_on(sign_in::resend_code(&m, &sent.id))), ErrorCode::ResendLimit);
    assert_eq!(m.messages_to("a@example.com"), 4);
}

#[test]
fn a_code_works_once_and_for_five_minutes() {
    let m = AccountsMemory::new();
    let sent = block_on(sign_in::send_code(&m, "a@example.com")).unwrap();
    let c = m.last_code("a@example.com").unwrap();
    block_on(sign_in::verify_code(&m, &sent.id, &c)).unwrap();
    assert_eq!(code(block_on(sign_in::verify_code(&m, &sent.id, &c))), ErrorCode::CodeExpired);
    let late = block_on(sign_in::send_code(&m, "a@example.com")).unwrap();
    let c = m.last_code("a@example.com").unwrap();
    m.advance(301);
    assert_eq!(code(block_on(sign_in::verify_code(&m, &late.id, &c))), ErrorCode::CodeExpired);
    assert_eq!(code(block_on(sign_in::verify_code(&m, "ec_unknown", "123456"))), ErrorCode::CodeExpired);
    // A code for one address does not sign in another: the hash is bound to both.
    let mine = block_on(sign_in::send_code(&m, "b@example.com")).unwrap();
    let theirs = block_on(sign_in::send_code(&m, "c@example.com")).unwrap();
    let c_code = m.last_code("c@example.com").unwrap();
    assert_eq!(code(block_on(sign_in::verify_code(&m, &mine.id, &c_code))), ErrorCode::IncorrectCode);
    assert_eq!(block_on(sign_in::verify_code(&m, &theirs.id, &c_code)).unwrap().user.email, "c@example.com");
}

#[test]
fn sessions_end_when_idle_when_old_and_when_signed_out() {
    let m = AccountsMemory::new();
    let s = sign_in(&m, "a@example.com");
    m.advance(29 * 60);
    signed(&m, &s);
    m.advance(29 * 60);
    signed(&m, &s);
    m.advance(31 * 60);
    assert_eq!(code(block_on(sessions::authenticate(&m, &s.token))), ErrorCode::NotSignedIn, "idle");

    let s = sign_in(&m, "a@example.com");
    for _ in 0..(12 * 60 / 20) {
        m.advance(20 * 60);
        let _ = block_on(sessions::authenticate(&m, &s.token));
    }
    assert_eq!(code(block_on(sessions::authenticate(&m, &s.token))), ErrorCode::NotSignedIn, "twelve hours at most");

    let s = sign_in(&m, "a@example.com");
    block_on(sessions::sign_out(&m, &signed(&m, &s))).unwrap();
    assert_eq!(code(block_on(sessions::authenticate(&m, &s.token))), ErrorCode::NotSignedIn);
    assert_eq!(code(block_on(sessions::authenticate(&m, "dss_forged"))), ErrorCode::NotSignedIn);
}

#[test]
fn invitations_belong_to_their_address_and_roles_cannot_reach_above_themselves() {
    let m = AccountsMemory::new();
    let boss = owner(&m, "owner@example.com");
    let invited = block_on(members::invite(&m, &boss, "analyst@example.com", "analyst")).unwrap();
    assert_eq!(code(block_on(members::invite(&m, &boss, "ANALYST@example.com", "admin"))), ErrorCode::MemberExists);
    assert_eq!(code(block_on(members::invite(&m, &boss, "x@example.com", "owner"))), ErrorCode::InvalidRole);
    let link = m.last_message("analyst@example.com");
    let token = link.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();

    // Someone else signed in cannot use the link.
    let stranger = sign_in(&m, "stranger@example.com");
    assert_eq!(code(block_on(members::accept(&m, signed(&m, &stranger), &token))), ErrorCode::InviteEmailMismatch);
    let analyst = sign_in(&m, "analyst@example.com");
    let joined = block_on(members::accept(&m, signed(&m, &analyst), &token)).unwrap();
    assert_eq!(joined.member.as_ref().unwrap().id, invited.id);
    assert_eq!(code(block_on(members::accept(&m, signed(&m, &analyst), &token))), ErrorCode::InviteInvalid, "used once");

    let analyst_now = signed(&m, &analyst);
    assert_eq!(code(block_on(members::invite(&m, &analyst_now, "y@example.com", "analyst"))), ErrorCode::RoleNotAllowed);
    let owner_id = boss.member.as_ref().unwrap().id.clone();
    let admin_invite = block_on(members::invite(&m, &boss, "admin@example.com", "admin")).unwrap();
    let admin_token = m.last_message("admin@example.com").split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    let admin = block_on(members::accept(&m, signed(&m, &sign_in(&m, "admin@example.com")), &admin_token)).unwrap();
    assert_eq!(admin.member.as_ref().unwrap().id, admin_invite.id);
    assert_eq!(code(block_on(members::remove(&m, &admin, &owner_id))), ErrorCode::MemberProtected);
    assert_eq!(code(block_on(members::set_role(&m, &admin, &owner_id, "analyst"))), ErrorCode::MemberProtected);

    // Removed: the analyst's session, begun before, no longer gets in.
    block_on(members::remove(&m, &admin, &invited.id)).unwrap();
    assert_eq!(code(block_on(sessions::authenticate(&m, &analyst.token))), ErrorCode::NotSignedIn);
    // Another business's member id is not there for this one.
    let other = owner(&m, "other@example.com");
    assert_eq!(code(block_on(members::remove(&m, &other, &admin_invite.id))), ErrorCode::ResourceMissing);
}

#[test]
fn verification_opens_live_mode_and_a_new_identity_closes_it() {
    let m = AccountsMemory::new();
    let boss = owner(&m, "owner@example.com");
    let merchant = boss.member.as_ref().unwrap().merchant_id.clone();
    let rejected = block_on(business::submit(&m, &boss, "11111111")).unwrap();
    assert_eq!(rejected.verification, VerificationStatus::Rejected);
    let verified = block_on(business::submit(&m, &boss, "00000000")).unwrap();
    assert_eq!(verified.verification, VerificationStatus::Verified);
    assert_eq!(code(block_on(business::submit(&m, &boss, "00000000"))), ErrorCode::VerificationNotAllowed);
    let history = block_on(Accounts::history(&m, &merchant)).unwrap();
    let path: Vec<_> = history.iter().map(|h| h.to.as_str()).collect();
    assert_eq!(path, ["pending", "rejected", "pending", "verified"]);

    // A new support address keeps live mode; a new legal name does not.
    let support = BusinessInput { support_email: Some("support@ada-books.example".into()), ..Default::default() };
    assert!(block_on(business::update(&m, &boss, support, None, None, |_| true)).unwrap().verification.live_mode_enabled());
    let renamed = BusinessInput { legal_name: Some("Ada Holdings".into()), ..Default::default() };
    assert_eq!(block_on(business::update(&m, &boss, renamed, None, None, |_| true)).unwrap().verification, VerificationStatus::Unverified);
    assert_eq!(code(block_on(business::update(&m, &boss, BusinessInput::default(), Some("Mars/Olympus".into()), None, |_| false))), ErrorCode::InvalidTimezone);

    let review = block_on(business::submit(&m, &boss, "22222222")).unwrap();
    assert_eq!(review.verification, VerificationStatus::InReview);
    assert_eq!(block_on(business::review(&m, &merchant, true, Some("papers checked".into()))).unwrap().verification, VerificationStatus::Verified);
}

#[test]
fn a_verifier_that_cannot_be_reached_leaves_the_business_able_to_try_again() {
    let m = AccountsMemory::new();
    let boss = owner(&m, "owner@example.com");
    m.rows.borrow_mut().verifier = Some(Err(ApiError::from(ErrorCode::VerifierUnavailable)));
    assert_eq!(code(block_on(business::submit(&m, &boss, "HRB 1"))), ErrorCode::VerifierUnavailable);
    m.rows.borrow_mut().verifier = Some(Ok((Outcome::Pending, Some("kyb_1".into()))));
    assert_eq!(block_on(business::submit(&m, &boss, "HRB 1")).unwrap().verification, VerificationStatus::Pending);
    let later = block_on(business::notified(&m, "kyb_1", Outcome::Verified, None)).unwrap();
    assert!(later.verification.live_mode_enabled());
    // A second, late answer changes nothing.
    assert_eq!(code(block_on(business::notified(&m, "kyb_1", Outcome::Rejected, None))), ErrorCode::VerificationNotAllowed);
}

#[test]
fn analysts_and_developers_cannot_change_the_business() {
    let m = AccountsMemory::new();
    let boss = owner(&m, "owner@example.com");
    block_on(members::invite(&m, &boss, "dev@example.com", "developer")).unwrap();
    let token = m.last_message("dev@example.com").split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    let dev = block_on(members::accept(&m, signed(&m, &sign_in(&m, "dev@example.com")), &token)).unwrap();
    assert_eq!(code(block_on(business::submit(&m, &dev, "00000000"))), ErrorCode::RoleNotAllowed);
    assert_eq!(code(block_on(business::brand(&m, &dev, business::BrandingInput { color_primary: Some("#000000".into()), ..Default::default() }))), ErrorCode::RoleNotAllowed);
    // Developers do set allowed origins, and only real origins.
    assert_eq!(code(block_on(business::allow_origins(&m, &dev, vec!["https://shop.example/path".into()]))), ErrorCode::InvalidOrigin);
    assert_eq!(block_on(business::allow_origins(&m, &dev, vec!["https://shop.example".into()])).unwrap().allowed_origins, ["https://shop.example"]);
}
