//! Simplified Chinese.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "zh-Hans",
    rtl: false,
    frame: Labels {
        number: "卡号",
        expiry: "有效期",
        cvc: "安全码",
        name: "持卡人姓名",
        pay: "支付 {}",
        processing: "正在处理…",
        paid: "付款已完成。谢谢！",
        unavailable: "无法连接支付服务。请重试。",
        otp_intro: "为确认是您本人，请输入我们发送至 {} 的 6 位验证码。",
        otp_label: "验证码",
        otp_submit: "确认验证码",
        otp_resend: "发送新验证码",
        attempts_left: &[("other", "还剩 {} 次尝试机会。")],
        passkey_offer: "付款已完成。是否保存通行密钥，以便今后无需验证码即可确认付款？",
        passkey_save: "保存通行密钥",
        passkey_skip: "以后再说",
        passkey_saved: "通行密钥已保存。付款已完成。",
        account_pay: "使用您的 Tessera 账户支付",
        account_other: "使用其他卡支付",
        account_intro: "已以 {} 身份登录。支付方式：",
        account_none: "您的 Tessera 账户中还没有已保存的卡。请在下方使用卡支付。",
        account_over_limit: "此金额超出您账户的限额。请在账户中验证身份以提高限额，或在下方使用卡支付。",
        saved_card: "{b}，尾号 {l}",
        save_offer: "付款已完成。是否将此卡保存到您的 Tessera 账户，以便在任何商店付款时无需输入卡信息？",
        save_card: "保存我的卡",
        save_skip: "不用了，谢谢",
        save_opened: "请在 Tessera 窗口中完成卡的保存。",
        consent_title: "允许我们识别此设备？",
        consent_text: "经您许可，Tessera 会读取此浏览器的更多信息（例如图形和字体），以便下次识别它，并减少要求您输入验证码的次数。不允许也仍可付款；我们可能会要求您通过验证码确认。",
        consent_allow: "允许",
        consent_refuse: "以后再说",
        privacy_choices: "隐私选项",
        notice_outside_japan: "您的支付信息由 Tessera 在可能位于日本境外的服务器（Cloudflare 全球网络）上处理。有关您的个人信息如何处理，请向商店咨询。",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "此金额超出您账户的限额。请在下方使用卡支付。",
            ),
            (
                ErrorCode::DeviceRevoked,
                "此设备已从您的 Tessera 账户中移除。请在下方使用卡支付。",
            ),
            (
                ErrorCode::AccountLocked,
                "您的 Tessera 账户已被锁定。请在下方使用卡支付。",
            ),
            (
                ErrorCode::CapabilityLocked,
                "请先在您的 Tessera 账户中验证手机号码，才能使用已保存的卡支付。",
            ),
            (
                ErrorCode::UnknownPasskey,
                "此通行密钥不属于任何 Tessera 账户。",
            ),
            (ErrorCode::IncorrectCode, "验证码不正确。"),
            (
                ErrorCode::StepUpLocked,
                "错误验证码次数过多。此付款无法确认；请重新开始。",
            ),
            (
                ErrorCode::StepUpVoid,
                "我们发送验证码后，金额发生了变化。请获取新验证码。",
            ),
            (
                ErrorCode::CodeExpired,
                "您的验证码已过期。请获取新验证码。",
            ),
            (
                ErrorCode::ResendTooSoon,
                "请稍候片刻，再获取新验证码。",
            ),
            (
                ErrorCode::ResendLimit,
                "此付款无法再发送更多验证码。",
            ),
            (
                ErrorCode::PaymentRefused,
                "无法接受此付款。请联系商店。",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "您的卡号不完整或无效。",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "不支持此卡品牌。",
            ),
            (
                ErrorCode::InvalidExpiry,
                "您的卡有效期不完整或无效。",
            ),
            (ErrorCode::CardExpired, "您的卡已过期。"),
            (
                ErrorCode::InvalidCvc,
                "您的卡安全码不完整。",
            ),
            (
                ErrorCode::NameRequired,
                "请输入卡上显示的姓名。",
            ),
            (
                ErrorCode::SessionExpired,
                "此结账已过期。请重新开始。",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "此订单已付款。",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "您的验证码确认的是您最先输入的卡。请使用该卡付款，或重新开始。",
            ),
            (
                ErrorCode::ShopperBlocked,
                "输入错误验证码的次数过多。请稍后重试。",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "最近向您发送的验证码过多。请稍后重试。",
            ),
            (
                ErrorCode::PaymentInProgress,
                "此付款已在处理中。",
            ),
            (
                ErrorCode::SessionCanceled,
                "此结账已取消。请重新开始。",
            ),
            (
                ErrorCode::MessageNotSent,
                "我们无法发送您的验证码。请获取新验证码。",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "我们无法通过验证码确认此付款。请联系商店。",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "此付款已在确认中。请稍候片刻。",
            ),
        ],
        general: "出了点问题。请重试。",
    },
    mail: Mail {
        code_subject: "您的付款验证码",
        code_message: "您的 Tessera 验证码为 {code}。它用于批准向 {merchant} 支付 {amount}，5 分钟后失效。切勿告诉任何人。",
        receipt: ReceiptWords {
            subject: "您向 {m} 的付款",
            paid: "您已向 {m} 付款。",
            amount: "金额",
            date: "日期",
            reference: "参考号",
            contact: "对订单或退款有疑问：请通过 {e} 联系 {m}。",
            contact_no_email: "对订单或退款有疑问：请联系 {m}。",
            not_you: "这笔付款不是您本人进行的？请在此报告，商家必须在您所在国家/地区法律规定的期限内答复：",
            issuer: "您也可以联系您的发卡银行。",
        },
    },
};
