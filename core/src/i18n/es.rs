//! Spanish.

use super::{Labels, Language, Mail, ReceiptWords};
use crate::api::ErrorCode;

pub const WORDS: Language = Language {
    tag: "es",
    rtl: false,
    frame: Labels {
        number: "Número de tarjeta",
        expiry: "Fecha de caducidad",
        cvc: "Código de seguridad",
        name: "Nombre en la tarjeta",
        pay: "Pagar {}",
        processing: "Procesando…",
        paid: "Pago completado. ¡Gracias!",
        unavailable: "No hemos podido conectar con el servicio de pago. Inténtalo de nuevo.",
        otp_intro: "Para confirmar que eres tú, introduce el código de 6 dígitos que hemos enviado a {}.",
        otp_label: "Código",
        otp_submit: "Confirmar código",
        otp_resend: "Enviar un código nuevo",
        attempts_left: &[
            ("one", "Te queda {} intento."),
            ("many", "Te quedan {} de intentos."),
            ("other", "Te quedan {} intentos."),
        ],
        passkey_offer: "Pago completado. ¿Quieres guardar una llave de acceso para confirmar pagos futuros sin código?",
        passkey_save: "Guardar una llave de acceso",
        passkey_skip: "Ahora no",
        passkey_saved: "Llave de acceso guardada. Pago completado.",
        account_pay: "Pagar con tu cuenta de Tessera",
        account_other: "Pagar con otra tarjeta",
        account_intro: "Has iniciado sesión como {}. Pagar con:",
        account_none: "Tu cuenta de Tessera aún no tiene tarjetas guardadas. Paga con una tarjeta a continuación.",
        account_over_limit: "Este importe supera el límite de tu cuenta. Verifica tu identidad en tu cuenta para aumentarlo o paga con una tarjeta a continuación.",
        saved_card: "{b} terminada en {l}",
        save_offer: "Pago completado. ¿Quieres guardar esta tarjeta en tu cuenta de Tessera para pagar en cualquier tienda sin tener que escribirla?",
        save_card: "Guardar mi tarjeta",
        save_skip: "No, gracias",
        save_opened: "Termina de guardar tu tarjeta en la ventana de Tessera.",
        consent_title: "¿Nos ayudas a reconocer este dispositivo?",
        consent_text: "Con tu permiso, Tessera lee algunos datos más de este navegador (como sus gráficos y fuentes) para reconocerlo la próxima vez y pedirte un código con menos frecuencia. Sin él puedes pagar igualmente; es posible que te pidamos que confirmes con un código.",
        consent_allow: "Permitir",
        consent_refuse: "Ahora no",
        privacy_choices: "Opciones de privacidad",
        notice_outside_japan: "Tessera trata tus datos de pago en servidores que pueden estar fuera de Japón (la red global de Cloudflare). Pregunta a la tienda cómo se tratan tus datos personales.",
        errors: &[
            (
                ErrorCode::AmountOverAccountLimit,
                "Este importe supera el límite de tu cuenta. Paga con una tarjeta a continuación.",
            ),
            (
                ErrorCode::DeviceRevoked,
                "Este dispositivo se ha eliminado de tu cuenta de Tessera. Paga con una tarjeta a continuación.",
            ),
            (
                ErrorCode::AccountLocked,
                "Tu cuenta de Tessera está bloqueada. Paga con una tarjeta a continuación.",
            ),
            (
                ErrorCode::CapabilityLocked,
                "Verifica tu teléfono en tu cuenta de Tessera para pagar con tarjetas guardadas.",
            ),
            (
                ErrorCode::UnknownPasskey,
                "Esta llave de acceso no pertenece a ninguna cuenta de Tessera.",
            ),
            (ErrorCode::IncorrectCode, "El código no es correcto."),
            (
                ErrorCode::StepUpLocked,
                "Demasiados códigos incorrectos. No se puede confirmar este pago; vuelve a empezar.",
            ),
            (
                ErrorCode::StepUpVoid,
                "El importe ha cambiado después de enviarte el código. Solicita un código nuevo.",
            ),
            (
                ErrorCode::CodeExpired,
                "Tu código ha caducado. Solicita uno nuevo.",
            ),
            (
                ErrorCode::ResendTooSoon,
                "Espera un momento antes de solicitar un código nuevo.",
            ),
            (
                ErrorCode::ResendLimit,
                "No se pueden enviar más códigos para este pago.",
            ),
            (
                ErrorCode::PaymentRefused,
                "No se puede aceptar este pago. Ponte en contacto con la tienda.",
            ),
            (
                ErrorCode::InvalidCardNumber,
                "El número de tu tarjeta está incompleto o no es válido.",
            ),
            (
                ErrorCode::UnsupportedCardBrand,
                "No se acepta esta marca de tarjeta.",
            ),
            (
                ErrorCode::InvalidExpiry,
                "La fecha de caducidad de tu tarjeta está incompleta o no es válida.",
            ),
            (ErrorCode::CardExpired, "Tu tarjeta ha caducado."),
            (
                ErrorCode::InvalidCvc,
                "El código de seguridad de tu tarjeta está incompleto.",
            ),
            (
                ErrorCode::NameRequired,
                "Introduce el nombre que aparece en tu tarjeta.",
            ),
            (
                ErrorCode::SessionExpired,
                "Esta sesión de pago ha caducado. Vuelve a empezar.",
            ),
            (
                ErrorCode::SessionAlreadyPaid,
                "Este pedido ya se ha pagado.",
            ),
            (
                ErrorCode::StepUpCardMismatch,
                "Tu código confirma la primera tarjeta que introdujiste. Paga con esa tarjeta o vuelve a empezar.",
            ),
            (
                ErrorCode::ShopperBlocked,
                "Se han introducido demasiados códigos incorrectos. Inténtalo de nuevo más tarde.",
            ),
            (
                ErrorCode::DestinationRateLimited,
                "Te hemos enviado demasiados códigos recientemente. Inténtalo de nuevo más tarde.",
            ),
            (
                ErrorCode::PaymentInProgress,
                "Este pago ya se está procesando.",
            ),
            (
                ErrorCode::SessionCanceled,
                "Esta sesión de pago se ha cancelado. Vuelve a empezar.",
            ),
            (
                ErrorCode::MessageNotSent,
                "No hemos podido enviarte el código. Solicita uno nuevo.",
            ),
            (
                ErrorCode::StepUpUnavailable,
                "No podemos confirmar este pago con un código. Ponte en contacto con la tienda.",
            ),
            (
                ErrorCode::ConfirmInProgress,
                "Este pago ya se está confirmando. Espera un momento.",
            ),
        ],
        general: "Se ha producido un error. Inténtalo de nuevo.",
    },
    mail: Mail {
        code_subject: "Tu código de pago",
        code_message: "Tu código de Tessera es {code}. Autoriza un pago de {amount} a {merchant} y caduca en 5 minutos. No lo compartas nunca.",
        receipt: ReceiptWords {
            subject: "Tu pago a {m}",
            paid: "Has pagado a {m}.",
            amount: "Importe",
            date: "Fecha",
            reference: "Referencia",
            contact: "Si tienes preguntas sobre tu pedido o un reembolso, ponte en contacto con {m} en {e}.",
            contact_no_email: "Si tienes preguntas sobre tu pedido o un reembolso, ponte en contacto con {m}.",
            not_you: "¿No has hecho este pago? Notifícalo aquí y el comercio deberá responder en el plazo que fija la ley de tu país:",
            issuer: "También puedes ponerte en contacto con el banco que emitió tu tarjeta.",
        },
    },
};
