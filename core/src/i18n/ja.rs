//! Japanese.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "ja",
    rtl: false,
    frame: Labels {
        number: "カード番号",
        expiry: "有効期限",
        cvc: "セキュリティコード",
        name: "カード名義人",
        pay: "{} を支払う",
        processing: "処理中…",
        paid: "お支払いが完了しました。ありがとうございました。",
        unavailable: "決済サービスに接続できませんでした。もう一度お試しください。",
        otp_intro: "ご本人確認のため、{} にお送りした 6 桁のコードを入力してください。",
        otp_label: "コード",
        otp_submit: "コードを確認",
        otp_resend: "新しいコードを送信",
        attempts_left: &[("other", "あと {} 回入力できます。")],
        passkey_offer: "お支払いが完了しました。パスキーを保存して、次回からコードなしでお支払いを確認しますか？",
        passkey_save: "パスキーを保存",
        passkey_skip: "後で",
        passkey_saved: "パスキーを保存しました。お支払いが完了しました。",
        account_pay: "Tessera アカウントで支払う",
        account_other: "別のカードで支払う",
        account_intro: "{} としてログイン中です。お支払い方法：",
        account_none: "Tessera アカウントに保存済みのカードはまだありません。下のカードでお支払いください。",
        account_over_limit: "この金額はアカウントの上限を超えています。上限を引き上げるにはアカウントで本人確認を行うか、下のカードでお支払いください。",
        saved_card: "{b}（末尾 {l}）",
        save_offer: "お支払いが完了しました。このカードを Tessera アカウントに保存して、次回からどのショップでも入力なしで支払えるようにしますか？",
        save_card: "カードを保存",
        save_skip: "保存しない",
        save_opened: "Tessera のウィンドウでカードの保存を完了してください。",
        consent_title: "このデバイスを認識できるようにしますか？",
        consent_text: "同意いただくと、Tessera はこのブラウザーの追加情報（グラフィックやフォントなど）を読み取り、次回このブラウザーを認識してコードの入力を求める回数を減らします。同意しなくてもお支払いいただけますが、コードによる確認をお願いする場合があります。",
        consent_allow: "許可する",
        consent_refuse: "後で",
        privacy_choices: "プライバシーの設定",
        notice_outside_japan: "お客様の決済情報は、日本国外にある可能性のあるサーバー（Cloudflare のグローバルネットワーク）上で Tessera が処理します。個人情報の取り扱いの詳細については、ショップにお問い合わせください。",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "この金額はアカウントの上限を超えています。下のカードでお支払いください。",
            ),
            (
                ErrorCode::DeviceRevoked,
                "このデバイスは Tessera アカウントから削除されています。下のカードでお支払いください。",
            ),
            (
                ErrorCode::AccountLocked,
                "Tessera アカウントがロックされています。下のカードでお支払いください。",
            ),
            (
                ErrorCode::CapabilityLocked,
                "保存済みのカードで支払うには、Tessera アカウントで電話番号を確認してください。",
            ),
            (
                ErrorCode::UnknownPasskey,
                "このパスキーはどの Tessera アカウントにも登録されていません。",
            ),
            (ErrorCode::IncorrectCode, "コードが正しくありません。"),
            (
                ErrorCode::StepUpLocked,
                "誤ったコードの入力が多すぎるため、このお支払いを確認できません。最初からやり直してください。",
            ),
            (
                ErrorCode::StepUpVoid,
                "コードの送信後に金額が変更されました。新しいコードをリクエストしてください。",
            ),
            (
                ErrorCode::CodeExpired,
                "コードの有効期限が切れています。新しいコードをリクエストしてください。",
            ),
            (
                ErrorCode::ResendTooSoon,
                "新しいコードをリクエストするまで、しばらくお待ちください。",
            ),
            (
                ErrorCode::ResendLimit,
                "このお支払いでは、これ以上コードを送信できません。",
            ),
            (
                ErrorCode::PaymentRefused,
                "このお支払いはお受けできません。ショップにお問い合わせください。",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "カード番号が不完全か、正しくありません。",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "このカードブランドはご利用いただけません。",
            ),
            (
                ErrorCode::InvalidExpiry,
                "カードの有効期限が不完全か、正しくありません。",
            ),
            (ErrorCode::CardExpired, "カードの有効期限が切れています。"),
            (
                ErrorCode::InvalidCvc,
                "カードのセキュリティコードが不完全です。",
            ),
            (
                ErrorCode::NameRequired,
                "カードに記載されている名義を入力してください。",
            ),
            (
                ErrorCode::SessionExpired,
                "このお支払い手続きの有効期限が切れました。最初からやり直してください。",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "このご注文はお支払い済みです。",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "このコードで確認できるのは最初に入力したカードです。そのカードで支払うか、最初からやり直してください。",
            ),
            (
                ErrorCode::ShopperBlocked,
                "誤ったコードの入力が多すぎます。しばらくしてからもう一度お試しください。",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "最近送信されたコードが多すぎます。しばらくしてからもう一度お試しください。",
            ),
            (
                ErrorCode::PaymentInProgress,
                "このお支払いはすでに処理中です。",
            ),
            (
                ErrorCode::SessionCanceled,
                "このお支払い手続きはキャンセルされました。最初からやり直してください。",
            ),
            (
                ErrorCode::MessageNotSent,
                "コードを送信できませんでした。新しいコードをリクエストしてください。",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "このお支払いはコードで確認できません。ショップにお問い合わせください。",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "このお支払いはすでに確認中です。しばらくお待ちください。",
            ),
        ],
        general: "問題が発生しました。もう一度お試しください。",
    },
    mail: Mail {
        code_subject: "お支払い用のコード",
        code_message: "Tessera のコードは {code} です。{merchant} への {amount} のお支払いを承認するコードで、有効期限は 5 分です。このコードは誰にも教えないでください。",
        receipt: ReceiptWords {
            subject: "{m} へのお支払い",
            paid: "{m} へのお支払いが完了しました。",
            amount: "金額",
            date: "日付",
            reference: "参照番号",
            contact: "ご注文や返金に関するご質問は、{m}（{e}）にお問い合わせください。",
            contact_no_email: "ご注文や返金に関するご質問は、{m} にお問い合わせください。",
            not_you: "このお支払いに心当たりがない場合は、こちらからご報告ください。加盟店は、お住まいの国の法律で定められた期限までに回答する必要があります：",
            issuer: "カードを発行した銀行にお問い合わせいただくこともできます。",
        },
    },
};
