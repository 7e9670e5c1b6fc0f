//! Arabic.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "ar",
    rtl: true,
    frame: Labels {
        number: "رقم البطاقة",
        expiry: "تاريخ انتهاء الصلاحية",
        cvc: "رمز الأمان",
        name: "الاسم على البطاقة",
        pay: "ادفع {}",
        processing: "جارٍ المعالجة…",
        paid: "اكتملت عملية الدفع. شكرًا لك!",
        unavailable: "تعذّر الوصول إلى خدمة الدفع. يُرجى المحاولة مرة أخرى.",
        otp_intro: "للتأكد من أنك أنت، أدخِل الرمز المكوّن من 6 أرقام الذي أرسلناه إلى {}.",
        otp_label: "الرمز",
        otp_submit: "تأكيد الرمز",
        otp_resend: "إرسال رمز جديد",
        attempts_left: &[
            ("zero", "المحاولات المتبقية: {}."),
            ("one", "تبقّت {} محاولة."),
            ("two", "تبقّت {} محاولتان."),
            ("few", "تبقّت {} محاولات."),
            ("many", "تبقّت {} محاولة."),
            ("other", "تبقّت {} محاولة."),
        ],
        passkey_offer: "اكتملت عملية الدفع. هل تريد حفظ مفتاح مرور لتأكيد المدفوعات القادمة دون رمز؟",
        passkey_save: "حفظ مفتاح مرور",
        passkey_skip: "ليس الآن",
        passkey_saved: "تم حفظ مفتاح المرور. اكتملت عملية الدفع.",
        account_pay: "ادفع باستخدام حسابك على Tessera",
        account_other: "ادفع باستخدام بطاقة أخرى",
        account_intro: "سجّلت الدخول باسم {}. ادفع باستخدام:",
        account_none: "لا توجد بطاقات محفوظة في حسابك على Tessera بعد. ادفع باستخدام بطاقة أدناه.",
        account_over_limit: "يتجاوز هذا المبلغ الحد المسموح به لحسابك. وثّق هويتك في حسابك لرفع الحد، أو ادفع باستخدام بطاقة أدناه.",
        saved_card: "بطاقة {b} المنتهية بـ {l}",
        save_offer: "اكتملت عملية الدفع. هل تريد حفظ هذه البطاقة في حسابك على Tessera لتدفع في أي متجر دون كتابة بياناتها؟",
        save_card: "حفظ بطاقتي",
        save_skip: "لا، شكرًا",
        save_opened: "أكمِل حفظ بطاقتك في نافذة Tessera.",
        consent_title: "هل تساعدنا على التعرّف على هذا الجهاز؟",
        consent_text: "بإذنك، تقرأ Tessera بعض التفاصيل الإضافية عن هذا المتصفح (مثل الرسومات والخطوط) للتعرّف عليه في المرة القادمة وطلب رمز منك بوتيرة أقل. ويمكنك الدفع دون ذلك أيضًا، لكن قد نطلب منك التأكيد برمز.",
        consent_allow: "سماح",
        consent_refuse: "ليس الآن",
        privacy_choices: "خيارات الخصوصية",
        notice_outside_japan: "تعالج Tessera بيانات الدفع الخاصة بك على خوادم قد تكون خارج اليابان (شبكة Cloudflare العالمية). اسأل المتجر عن تفاصيل كيفية التعامل مع بياناتك الشخصية.",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "يتجاوز هذا المبلغ الحد المسموح به لحسابك. ادفع باستخدام بطاقة أدناه.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "تمت إزالة هذا الجهاز من حسابك على Tessera. ادفع باستخدام بطاقة أدناه.",
            ),
            (
                ErrorCode::AccountLocked,
                "حسابك على Tessera مقفل. ادفع باستخدام بطاقة أدناه.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "وثّق رقم هاتفك في حسابك على Tessera لتدفع باستخدام البطاقات المحفوظة.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "مفتاح المرور هذا لا ينتمي إلى أي حساب على Tessera.",
            ),
            (ErrorCode::IncorrectCode, "الرمز غير صحيح."),
            (
                ErrorCode::StepUpLocked,
                "تم إدخال رموز خاطئة كثيرة جدًا. لا يمكن تأكيد هذه الدفعة؛ يُرجى البدء من جديد.",
            ),
            (
                ErrorCode::StepUpVoid,
                "تغيّر المبلغ بعد أن أرسلنا إليك الرمز. اطلب رمزًا جديدًا.",
            ),
            (
                ErrorCode::CodeExpired,
                "انتهت صلاحية الرمز. اطلب رمزًا جديدًا.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "يُرجى الانتظار قليلًا قبل طلب رمز جديد.",
            ),
            (
                ErrorCode::ResendLimit,
                "لا يمكن إرسال مزيد من الرموز لهذه الدفعة.",
            ),
            (
                ErrorCode::PaymentRefused,
                "لا يمكن قبول هذه الدفعة. يُرجى التواصل مع المتجر.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "رقم البطاقة غير مكتمل أو غير صالح.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "نوع البطاقة هذا غير مقبول.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "تاريخ انتهاء صلاحية البطاقة غير مكتمل أو غير صالح.",
            ),
            (ErrorCode::CardExpired, "انتهت صلاحية بطاقتك."),
            (
                ErrorCode::InvalidCvc,
                "رمز أمان البطاقة غير مكتمل.",
            ),
            (
                ErrorCode::NameRequired,
                "أدخِل الاسم المكتوب على بطاقتك.",
            ),
            (
                ErrorCode::SessionExpired,
                "انتهت صلاحية جلسة الدفع هذه. يُرجى البدء من جديد.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "تم دفع قيمة هذا الطلب بالفعل.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "يؤكد الرمز البطاقة التي أدخلتها أولًا. ادفع باستخدام تلك البطاقة، أو ابدأ من جديد.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "تم إدخال رموز خاطئة كثيرة جدًا. يُرجى المحاولة مرة أخرى لاحقًا.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "أُرسل إليك عدد كبير جدًا من الرموز مؤخرًا. يُرجى المحاولة مرة أخرى لاحقًا.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "هذه الدفعة قيد المعالجة بالفعل.",
            ),
            (
                ErrorCode::SessionCanceled,
                "تم إلغاء جلسة الدفع هذه. يُرجى البدء من جديد.",
            ),
            (
                ErrorCode::MessageNotSent,
                "تعذّر إرسال الرمز. يُرجى طلب رمز جديد.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "لا يمكننا تأكيد هذه الدفعة برمز. يُرجى التواصل مع المتجر.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "يجري تأكيد هذه الدفعة بالفعل. يُرجى الانتظار قليلًا.",
            ),
        ],
        general: "حدث خطأ ما. يُرجى المحاولة مرة أخرى.",
    },
    mail: Mail {
        code_subject: "رمز الدفع الخاص بك",
        code_message: "رمز Tessera الخاص بك هو {code}. وهو يوافق على دفعة بقيمة {amount} إلى {merchant}، وتنتهي صلاحيته خلال 5 دقائق. لا تشاركه مع أي أحد.",
        receipt: ReceiptWords {
            subject: "دفعتك إلى {m}",
            paid: "لقد دفعت إلى {m}.",
            amount: "المبلغ",
            date: "التاريخ",
            reference: "المرجع",
            contact: "لأي أسئلة عن طلبك أو عن استرداد المبلغ: تواصل مع {m} على {e}.",
            contact_no_email: "لأي أسئلة عن طلبك أو عن استرداد المبلغ: تواصل مع {m}.",
            not_you: "ألم تُجرِ هذه الدفعة؟ أبلِغ عنها هنا، وعلى التاجر أن يرد قبل الموعد النهائي الذي يحدده قانون بلدك:",
            issuer: "يمكنك أيضًا التواصل مع البنك الذي أصدر بطاقتك.",
        },
    },
};
