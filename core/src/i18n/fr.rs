//! French.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "fr",
    rtl: false,
    frame: Labels {
        number: "Numéro de carte",
        expiry: "Date d’expiration",
        cvc: "Code de sécurité",
        name: "Nom sur la carte",
        pay: "Payer {}",
        processing: "Traitement en cours…",
        paid: "Paiement effectué. Merci !",
        unavailable: "Impossible de joindre le service de paiement. Veuillez réessayer.",
        otp_intro: "Pour confirmer qu’il s’agit bien de vous, saisissez le code à 6 chiffres que nous vous avons envoyé à {}.",
        otp_label: "Code",
        otp_submit: "Confirmer le code",
        otp_resend: "Envoyer un nouveau code",
        attempts_left: &[("one", "Il vous reste {} tentative."), ("many", "Il vous reste {} de tentatives."), ("other", "Il vous reste {} tentatives.")],
        passkey_offer: "Paiement effectué. Enregistrer une clé d’accès pour confirmer vos prochains paiements sans code ?",
        passkey_save: "Enregistrer une clé d’accès",
        passkey_skip: "Plus tard",
        passkey_saved: "Clé d’accès enregistrée. Paiement effectué.",
        account_pay: "Payer avec votre compte Tessera",
        account_other: "Payer avec une autre carte",
        account_intro: "Connecté en tant que {}. Payer avec :",
        account_none: "Votre compte Tessera ne contient encore aucune carte enregistrée. Payez avec une carte ci-dessous.",
        account_over_limit: "Ce montant dépasse le plafond de votre compte. Vérifiez votre identité dans votre compte pour le relever, ou payez avec une carte ci-dessous.",
        saved_card: "{b} se terminant par {l}",
        save_offer: "Paiement effectué. Enregistrer cette carte dans votre compte Tessera pour payer dans n’importe quelle boutique sans la saisir ?",
        save_card: "Enregistrer ma carte",
        save_skip: "Non merci",
        save_opened: "Terminez l’enregistrement de votre carte dans la fenêtre Tessera.",
        consent_title: "Nous aider à reconnaître cet appareil ?",
        consent_text: "Avec votre accord, Tessera lit quelques informations supplémentaires sur ce navigateur (comme ses capacités graphiques et ses polices) afin de le reconnaître la prochaine fois et de vous demander un code moins souvent. Sans votre accord, vous pouvez toujours payer ; nous pourrons vous demander de confirmer avec un code.",
        consent_allow: "Autoriser",
        consent_refuse: "Plus tard",
        privacy_choices: "Choix en matière de confidentialité",
        notice_outside_japan: "Vos données de paiement sont traitées par Tessera sur des serveurs qui peuvent se trouver hors du Japon (réseau mondial de Cloudflare). Renseignez-vous auprès de la boutique sur le traitement de vos données personnelles.",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "Ce montant dépasse le plafond de votre compte. Payez avec une carte ci-dessous.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "Cet appareil a été retiré de votre compte Tessera. Payez avec une carte ci-dessous.",
            ),
            (
                ErrorCode::AccountLocked,
                "Votre compte Tessera est bloqué. Payez avec une carte ci-dessous.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "Vérifiez votre numéro de téléphone dans votre compte Tessera pour payer avec vos cartes enregistrées.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "Cette clé d’accès n’est associée à aucun compte Tessera.",
            ),
            (ErrorCode::IncorrectCode, "Ce code est incorrect."),
            (
                ErrorCode::StepUpLocked,
                "Trop de codes erronés. Ce paiement ne peut pas être confirmé ; veuillez recommencer.",
            ),
            (
                ErrorCode::StepUpVoid,
                "Le montant a changé après l’envoi de votre code. Demandez un nouveau code.",
            ),
            (
                ErrorCode::CodeExpired,
                "Votre code a expiré. Demandez-en un nouveau.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "Veuillez patienter un instant avant de demander un nouveau code.",
            ),
            (
                ErrorCode::ResendLimit,
                "Aucun autre code ne peut être envoyé pour ce paiement.",
            ),
            (
                ErrorCode::PaymentRefused,
                "Ce paiement ne peut pas être accepté. Veuillez contacter la boutique.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "Le numéro de votre carte est incomplet ou invalide.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "Ce réseau de carte n’est pas accepté.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "La date d’expiration de votre carte est incomplète ou invalide.",
            ),
            (ErrorCode::CardExpired, "Votre carte a expiré."),
            (
                ErrorCode::InvalidCvc,
                "Le code de sécurité de votre carte est incomplet.",
            ),
            (
                ErrorCode::NameRequired,
                "Saisissez le nom figurant sur votre carte.",
            ),
            (
                ErrorCode::SessionExpired,
                "Cette session de paiement a expiré. Veuillez recommencer.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "Cette commande a déjà été payée.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "Votre code confirme la première carte que vous avez saisie. Payez avec cette carte ou recommencez.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "Trop de codes erronés ont été saisis. Veuillez réessayer plus tard.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "Trop de codes vous ont été envoyés récemment. Veuillez réessayer plus tard.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "Ce paiement est déjà en cours de traitement.",
            ),
            (
                ErrorCode::SessionCanceled,
                "Cette session de paiement a été annulée. Veuillez recommencer.",
            ),
            (
                ErrorCode::MessageNotSent,
                "Impossible d’envoyer votre code. Veuillez en demander un nouveau.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "Nous ne pouvons pas confirmer ce paiement avec un code. Veuillez contacter la boutique.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "Ce paiement est déjà en cours de confirmation. Veuillez patienter un instant.",
            ),
        ],
        general: "Une erreur s’est produite. Veuillez réessayer.",
    },
    mail: Mail {
        code_subject: "Votre code de paiement",
        code_message: "Votre code Tessera est {code}. Il autorise un paiement de {amount} à {merchant} et expire dans 5 minutes. Ne le communiquez jamais.",
        receipt: ReceiptWords {
            subject: "Votre paiement à {m}",
            paid: "Vous avez effectué un paiement à {m}.",
            amount: "Montant",
            date: "Date",
            reference: "Référence",
            contact: "Pour toute question sur votre commande ou un remboursement, contactez {m} à l’adresse {e}.",
            contact_no_email: "Pour toute question sur votre commande ou un remboursement, contactez {m}.",
            not_you: "Vous n’êtes pas à l’origine de ce paiement ? Signalez-le ici ; le marchand est tenu de répondre dans le délai fixé par la loi de votre pays :",
            issuer: "Vous pouvez également contacter la banque émettrice de votre carte.",
        },
    },
};
