"""Issue phrase banks: what customers complain about, in many wordings.

Each issue has written templates (PQRS / e-mail style) grouped by tone, social templates
(tweet length, emojis), short clauses (to mention it as a second issue), customer lines for
calls and the agent's answers. Slots in braces are filled per record and country
({producto}, {monto}, {celular}, {tienen}...); see phrases_country.py and generator.py.

Tones: calm -> neutral sentiment (a factual claim), upset / angry / sarcastic -> negative.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    key: str
    label: str  # Spanish, shown to business users
    category: str
    process: str
    families: tuple[str, ...]  # product families it concerns (catalog.PRODUCTS)
    pqrs_type: str  # petición | queja | reclamo
    written: dict[str, tuple[str, ...]]
    social: tuple[str, ...]
    clause: tuple[str, ...]
    call: tuple[str, ...]
    agent: tuple[str, ...]
    sarcastic_social: tuple[str, ...] = field(default=())


ISSUES: dict[str, Issue] = {}


def _add(issue: Issue) -> None:
    ISSUES[issue.key] = issue


# --------------------------------------------------------------------------- facturación
_add(Issue(
    key="cobro_doble", label="Cobro doble", category="facturación", process="Servicio",
    families=("hogar", "movil", "banca"), pqrs_type="reclamo",
    written={
        "calm": (
            "Solicito la devolución de un cobro duplicado en la {factura} de {mes} {del_producto}.",
            "En la {factura} de {mes} aparece dos veces el cargo mensual {del_producto}, por {monto} cada uno. "
            "Solicito revisar y reversar el cobro repetido.",
            "Pago por débito automático y este mes se debitó dos veces el valor de la {factura} ({monto}). "
            "Pido el reintegro a mi cuenta.",
            "Revisando mi extracto veo el mismo pago de {monto} registrado dos veces el {fecha}. "
            "Solicito la corrección.",
        ),
        "upset": (
            "{Me_cobraron} doble {el_producto} este mes y nadie me da razón.",
            "Por segunda vez en el año {me_cobraron} dos veces la mensualidad. Ya pagué {monto} y me volvieron a "
            "descontar lo mismo. Quiero mi {plata} de vuelta.",
            "Cobro doble en la {factura} de {mes}. Ya llamé {veces} veces y siguen sin devolverme {la_plata}.",
            "No entiendo cómo {pueden} cobrar dos veces el mismo servicio. Exijo la devolución de {monto}.",
            "Hice el pago por la app y también se descontó en el débito automático, o sea que pagué doble. "
            "Necesito que me devuelvan lo que pagué de más. Tengo el comprobante de ambos pagos.",
        ),
        "angry": (
            "¡Otra vez cobro doble! Esto ya parece un robo.",
            "Es increíble que {me_cobraron} DOS VECES la misma {factura} y encima me toca esperar 30 días para el "
            "reembolso. {Son} unos ladrones.",
            "Llevo {semanas} semanas pidiendo la devolución del cobro duplicado de {monto}. Nadie responde, nadie "
            "sabe nada. Esto es un abuso.",
            "Cobran doble y no devuelven. Qué vergüenza de empresa.",
        ),
        "sarcastic": (
            "Qué generosos: {me_cobraron} {el_producto} dos veces este mes. Seguro es para que no los extrañe.",
            "Excelente sistema de facturación: pago una vez y {me_cobraron} dos. Muy eficiente todo.",
        ),
    },
    social=(
        "{brand} me cobraron doble la {factura} de {mes}, quién me devuelve mi {plata}? 😡",
        "{brand} cobro doble OTRA VEZ. ya es costumbre",
        "Pagué {monto} y me descontaron dos veces 🤬 {brand} {devuelvan} {la_plata}",
        "a alguien más le cobró doble {brand}? a mí sí, este mes 🙄",
        "{brand} llevo {semanas} semanas esperando el reembolso del cobro duplicado. nada de nada",
        "doble cobro en la tarjeta y nadie responde {brand} 😤",
        "{brand} revisen mi caso por favor, me llegó el cobro repetido en la {factura}",
        "Me cobran doble y encima me dicen que espere 30 días 🤡 {brand}",
    ),
    sarcastic_social=(
        "Gracias {brand} por cobrarme dos veces el mismo mes, justo lo que necesitaba 🙃",
        "Qué detallazo {brand}, cobrarme doble para que no se me olvide pagar 👏👏",
    ),
    clause=(
        "{me_cobraron} doble la {factura} de {mes}",
        "me llegó un cobro duplicado de {monto}",
        "me descontaron dos veces la mensualidad",
        "pagué doble la mensualidad",
    ),
    call=(
        "me llegó la {factura} de {mes} con un cobro doble, me están cobrando dos veces el mismo mes",
        "yo pagué por la aplicación y también me hicieron el débito automático, entonces quedé pagando dos veces",
        "en el extracto me aparece dos veces el cargo de {monto} y yo solo hice un pago",
        "ya es la segunda vez que me cobran doble y yo necesito que me devuelvan {esa_plata}",
    ),
    agent=(
        "Entiendo. Ya veo el cobro duplicado en el sistema. Voy a radicar la solicitud de reintegro y el valor se "
        "verá reflejado en su próxima {factura}.",
        "Efectivamente veo dos pagos registrados. Le genero un ajuste por {monto} que se aplica en un plazo de "
        "cinco a ocho días hábiles.",
        "Le confirmo que el segundo cargo ya fue reversado en el sistema, lo verá en su próximo extracto.",
    ),
))

_add(Issue(
    key="cargo_no_reconocido", label="Cargo no reconocido", category="facturación", process="Servicio",
    families=("banca", "movil"), pqrs_type="reclamo",
    written={
        "calm": (
            "En mi {producto} aparece un cargo por {monto} que no reconozco, del {fecha}. Solicito la revisión y "
            "el reverso.",
            "Tengo un cargo no reconocido en el extracto de {mes}. Nunca hice esa compra.",
            "Solicito información sobre un cobro de {monto2} por «servicios adicionales» que no contraté.",
            "Aparece un cargo de contenido premium en la línea que yo nunca activé. Pido que lo retiren y me "
            "reintegren el valor.",
        ),
        "upset": (
            "Me aparecen cargos que no reconozco en la tarjeta y el bloqueo tardó horas. Quiero saber qué va a "
            "pasar con {esa_plata}.",
            "¿Quién autorizó un cargo de {monto} en mi {producto}? Yo no hice esa compra y nadie me da respuesta.",
            "Cobran servicios que nunca pedí: un «seguro de protección» de {monto2} mensuales que aparece desde "
            "{mes}.",
            "Tengo tres cargos en dólares de una tienda en línea que no conozco. Reporté el fraude el {fecha} y "
            "todavía no abren la investigación.",
            "Me activaron suscripciones de juegos y horóscopos en la línea sin mi permiso. Quiero que las cancelen "
            "y devuelvan lo cobrado.",
        ),
        "angry": (
            "¡¡CARGO NO RECONOCIDO de {monto}!! y me dicen que tengo que esperar 45 días. Inaceptable.",
            "Me clonaron la tarjeta y {ustedes} tan tranquilos. {Tienen} cero seguridad.",
            "Me meten cobros de seguros que nunca firmé. Eso es un robo descarado.",
        ),
        "sarcastic": (
            "Muy amables al regalarme un seguro que nunca pedí y cobrármelo cada mes. Qué detalle.",
            "Me encanta descubrir cargos sorpresa en el extracto, le da emoción a la vida.",
        ),
    },
    social=(
        "{brand} me aparece un cargo de {monto} que no hice, ayuda por favor 🙏",
        "{brand} cargos raros en mi tarjeta y la línea de fraude no contesta 😡",
        "¿Quién me activó un seguro que nunca pedí? {brand} {devuelvan} {la_plata}",
        "otra vez un cargo 'premium' en la línea que yo no activé 🙄 {brand}",
        "{brand} reporté un fraude hace {dias} días y nada. NADA.",
        "cargo no reconocido en {el_producto}, quién responde? {brand}",
        "me clonaron la tarjeta de {brand} y la respuesta es 'espere 45 días hábiles' 🤡",
        "{brand} me están cobrando un seguro que no contraté 😤",
    ),
    sarcastic_social=(
        "Gracias {brand} por suscribirme a horóscopos sin preguntarme, justo lo que quería 🙃",
        "amo los cargos sorpresa de {brand}, cada extracto es una aventura 🎢",
    ),
    clause=(
        "tengo un cargo de {monto} que no reconozco",
        "me aparece un seguro que nunca contraté",
        "me activaron un servicio adicional sin permiso",
    ),
    call=(
        "me aparece un cargo en la tarjeta por {monto} que yo no hice, yo no reconozco esa compra",
        "me están cobrando un seguro que yo nunca pedí, desde {mes} me aparece en la {factura}",
        "me llegó una notificación de una compra en dólares y yo tengo la tarjeta aquí conmigo",
        "en la línea me cobran unas suscripciones de contenido que yo nunca activé",
    ),
    agent=(
        "Entiendo. Por seguridad voy a bloquear la tarjeta y a radicar el reclamo por fraude; la investigación "
        "tarda hasta 15 días hábiles.",
        "Ya desactivé el servicio adicional y solicité el ajuste de lo cobrado, se ve reflejado en la siguiente "
        "{factura}.",
        "Le abro el caso de cargo no reconocido y le llega el número de radicado por mensaje de texto.",
    ),
))

_add(Issue(
    key="factura_no_llega", label="La factura no llega", category="facturación", process="Servicio",
    families=("hogar", "movil", "banca"), pqrs_type="queja",
    written={
        "calm": (
            "No me ha llegado la {factura} de {mes} al correo. Solicito que me la envíen.",
            "Desde hace {semanas} semanas no recibo la {factura} ni física ni electrónica. Necesito saber cuánto "
            "debo pagar.",
            "La {factura} electrónica no está llegando a mi correo registrado. Por favor verificar.",
            "No me llegó el extracto de la tarjeta este mes, ¿me lo {pueden} enviar?",
        ),
        "upset": (
            "Otra vez no me llegó la {factura} y ahora me cobran intereses de mora por no pagar a tiempo. ¿Cómo "
            "voy a pagar si no sé cuánto debo?",
            "Hace {veces} meses que la {factura} no llega y cada vez que llamo me dicen que ya quedó actualizado "
            "el correo.",
            "Me suspendieron el servicio por falta de pago, pero nunca me llegó la {factura}. No es justo.",
            "La {factura} llega después de la fecha límite de pago, siempre pago con recargo.",
            "Actualicé mi correo {veces} veces y la {factura} sigue llegando a un correo viejo.",
        ),
        "angry": (
            "Ni la {factura} {pueden} mandar bien. Y luego cobran mora. Qué descaro.",
            "Tres meses sin {factura} y ahora me llega todo junto con recargos. ¡Esto es un abuso!",
        ),
        "sarcastic": (
            "Debe ser que la {factura} viene caminando desde la oficina principal, porque nunca llega.",
            "Qué eficiencia: la {factura} no llega, pero el cobro de mora sí llega puntual.",
        ),
    },
    social=(
        "{brand} no me llega la {factura} hace {veces} meses, cómo pago? 🤷",
        "{brand} me cobran mora por una {factura} que nunca me mandaron 😡",
        "llevo dos meses sin recibir la {factura} electrónica {brand}, ya actualicé el correo mil veces",
        "{brand} buenas, no me ha llegado el extracto de la tarjeta este mes",
        "no me llega la {factura} y me suspendieron el servicio 🤬 {brand}",
        "{brand} factura sin llegar, recargo por mora sí 😒",
        "{brand} dónde está mi {factura} de {mes}??",
        "ni la {factura} saben mandar {brand} 🙄",
    ),
    sarcastic_social=(
        "la {factura} nunca llega pero el corte del servicio sí llega puntual 🙃 {brand}",
        "¿Será que {brand} manda las facturas por paloma mensajera? porque a mi casa no llegan 🕊️",
    ),
    clause=(
        "la {factura} nunca me llega",
        "tampoco me llega la {factura} al correo",
        "ni siquiera me llega la {factura} a tiempo",
    ),
    call=(
        "no me está llegando la {factura} al correo y ya me cobraron intereses por pagar tarde",
        "quería saber por qué no me ha llegado el extracto de este mes, yo actualicé el correo",
        "me suspendieron el servicio y yo nunca recibí la {factura}, cómo voy a pagar algo que no me llega",
        "la {factura} me llega siempre después de la fecha de pago",
    ),
    agent=(
        "Ya verifiqué y el correo registrado tenía un error. Lo actualicé y le reenvío la {factura} en este "
        "momento.",
        "Le confirmo que puede descargar la {factura} desde la app en la sección Pagos. Además le retiro el "
        "recargo por mora.",
        "Voy a escalar el caso para que revisen el envío de la {factura} física a su dirección.",
    ),
))

# --------------------------------------------------------------------------- entregas / instalación
_add(Issue(
    key="tecnico_no_llega", label="El técnico no llega", category="entregas e instalación", process="Servicio",
    families=("hogar",), pqrs_type="queja",
    written={
        "calm": (
            "Tenía agendada una visita técnica para el {fecha} entre las 8 y las 12 y nadie llegó. Solicito "
            "reprogramar.",
            "El técnico no llegó a la cita programada. Necesito una nueva fecha, por favor.",
            "Programaron la visita para revisar {el_producto} y no vino nadie ni avisaron.",
        ),
        "upset": (
            "Pedí permiso en el trabajo para esperar al técnico y no llegó. Es la segunda vez que me pasa.",
            "Me dejaron esperando toda la mañana al técnico. Nadie llamó para avisar que no venía.",
            "Llevo {dias} días sin servicio y el técnico ya me quedó mal {veces} veces.",
            "¿Para qué agendan una cita si el técnico no va a venir? Perdí el día entero.",
            "El técnico llegó a las 7 de la noche, cuando la cita era {manana}, y dijo que ya no alcanzaba a hacer "
            "nada. Me toca pedir otro día libre en el trabajo.",
        ),
        "angry": (
            "TERCERA VEZ que el técnico no llega. Mi tiempo también vale.",
            "Me hicieron perder tres días de trabajo esperando un técnico fantasma. Qué falta de respeto.",
            "El técnico nunca llegó y en el sistema aparece que «el cliente no estaba». ¡Mentira! Yo estuve todo "
            "el día en la casa.",
        ),
        "sarcastic": (
            "El técnico de Conecta es como un unicornio: todos hablan de él, nadie lo ha visto.",
            "Qué bonito es esperar al técnico desde las 8 de la mañana. Ya es de noche y sigo esperando, pero con "
            "mucha ilusión.",
        ),
    },
    social=(
        "{brand} el técnico no llegó OTRA VEZ 😡 perdí el día esperando",
        "esperando al técnico de {brand} desde las 8am… ya son las 5pm ⏰",
        "{brand} dicen que 'el cliente no estaba' y yo en la casa todo el día 🤬 mentirosos",
        "me dejaron plantada con la visita técnica {brand}, ni una llamada",
        "{brand} ¿a qué hora llega el técnico? llevo toda la mañana esperando",
        "pedí permiso en el trabajo para nada, el técnico de {brand} no vino 😤",
        "{brand} segunda cita incumplida del técnico esta semana",
        "ni técnico ni llamada ni nada {brand} 😒",
    ),
    sarcastic_social=(
        "{brand} 3 citas, 0 técnicos. Bonita estadística 🙃",
        "el técnico de {brand} es como Godot, nunca llega 🎭",
    ),
    clause=(
        "el técnico nunca llegó a la cita",
        "me dejaron esperando al técnico toda la mañana",
        "la visita técnica la cancelaron sin avisar",
    ),
    call=(
        "yo tenía una visita técnica agendada para hoy {manana} y nadie ha llegado",
        "ya es la segunda vez que el técnico no llega, yo pedí permiso en el trabajo para esperarlo",
        "me llegó un mensaje que decía que el técnico había ido y que yo no estaba, y eso es mentira porque yo "
        "estuve todo el día",
        "necesito que me digan a qué hora llega el técnico porque llevo toda la mañana esperando",
    ),
    agent=(
        "Le pido disculpas por la inconveniencia. Le reprogramo la visita como prioritaria para mañana en la "
        "primera franja.",
        "Ya verifiqué con el área técnica y el técnico va en camino, llega en aproximadamente una hora.",
        "Dejo la observación en su caso y le agendo la visita para el día que usted me indique.",
    ),
))

_add(Issue(
    key="retraso_instalacion", label="Retraso en la instalación", category="entregas e instalación",
    process="Venta", families=("hogar",), pqrs_type="queja",
    written={
        "calm": (
            "Contraté {el_producto} el {fecha} y todavía no me hacen la instalación. ¿Cuándo sería?",
            "Solicito información sobre la fecha de instalación de mi servicio, contratado hace {dias} días.",
            "Me dijeron que la instalación era en 48 horas y ya pasaron {semanas} semanas.",
        ),
        "upset": (
            "Firmé el contrato {del_producto} hace {semanas} semanas y la instalación sigue «en proceso». Ya "
            "cancelé mi anterior proveedor y estoy sin internet.",
            "Me vendieron la fibra diciendo que había cobertura y ahora dicen que toca esperar a que amplíen la red.",
            "La instalación lleva {veces} reprogramaciones. Trabajo desde casa y no puedo seguir así.",
            "Me están cobrando la mensualidad de un servicio que todavía no me han instalado.",
            "Cada vez que llamo me dan una fecha distinta para la instalación.",
        ),
        "angry": (
            "Un mes esperando la instalación. UN MES. Pero el cobro sí llegó.",
            "Nos vendieron humo: no hay fecha de instalación, no hay técnico, no hay respuesta.",
            "Si la instalación no es esta semana, cancelo todo y pongo la queja en {autoridad}.",
        ),
        "sarcastic": (
            "Contraté fibra óptica en {mes} y me la van a instalar, calculo, para el próximo mundial.",
            "Rapidísima la instalación: llevo {semanas} semanas esperando y me siguen diciendo «en 48 horas».",
        ),
    },
    social=(
        "{brand} llevo {semanas} semanas esperando la instalación de la fibra 😩",
        "contraté con {brand} hace un mes y NADA de instalación. ni técnico ni fecha",
        "{brand} me cobran un servicio que ni siquiera han instalado 🤬",
        "{brand} ¿para cuándo la instalación? trabajo desde casa y estoy con los datos del {celular}",
        "tercera reprogramación de la instalación {brand}. cuál es el chiste",
        "me vendieron la fibra y ahora resulta que no hay cobertura en mi edificio 🙄 {brand}",
        "{brand} qué pasó con mi instalación, ya cancelé con el otro operador y estoy incomunicado",
        "{brand} instalación pendiente desde {mes} 😤",
    ),
    sarcastic_social=(
        "“Instalación en 48 horas” decía la publicidad de {brand} 🤡 ya van {dias} días",
        "la fibra de {brand} llega rapidísimo… a la factura, porque a mi casa todavía no 🙃",
    ),
    clause=(
        "la instalación lleva {semanas} semanas de retraso",
        "todavía no me instalan el servicio que contraté",
        "ya me reprogramaron la instalación {veces} veces",
    ),
    call=(
        "yo contraté {el_producto} hace {dias} días y todavía no me han hecho la instalación",
        "me dijeron que la instalación era en dos días y ya van casi tres semanas",
        "me reprogramaron la instalación otra vez y yo ya cancelé con mi operador anterior",
        "me llegó el cobro del primer mes y la instalación todavía no la han hecho",
    ),
    agent=(
        "Reviso su orden y veo que está pendiente por disponibilidad de red. Le escalo el caso como prioritario.",
        "Le confirmo la instalación para este jueves en la franja de la mañana y le anulo el cobro del mes no "
        "prestado.",
        "Entiendo su molestia. Dejo el caso con el área de instalaciones y lo contactan en 24 horas con la fecha.",
    ),
))

# --------------------------------------------------------------------------- app y portal
_add(Issue(
    key="app_se_cierra", label="La app se cierra", category="app y portal", process="Servicio",
    families=("digital",), pqrs_type="queja",
    written={
        "calm": (
            "La app se cierra sola cuando intento consultar el saldo.",
            "Al abrir la app aparece la pantalla blanca y se cierra. Tengo la última versión.",
            "Reporto que la aplicación se cierra al entrar en la sección de Pagos en mi {celular}.",
        ),
        "upset": (
            "La app se cierra cada vez que intento ver la {factura}. Ya la desinstalé y la volví a instalar y nada.",
            "No puedo usar la app: se queda pegada en el logo y luego se cierra. Así no se puede pagar nada.",
            "La aplicación se cae a cada rato, tengo que abrirla cinco veces para hacer una sola consulta.",
            "Desde hace {semanas} semanas la app se cierra apenas la abro, en Android y en la tableta.",
            "Cada vez que voy a confirmar una operación la app se cierra y no sé si quedó hecha o no.",
        ),
        "angry": (
            "¡{Arreglen} esa app! Se cierra sola, no sirve para nada.",
            "Una empresa tan grande con una app que se cierra cada dos minutos. Qué vergüenza.",
            "La app se cae TODO el tiempo. ¿Es que no prueban nada antes de publicarlo?",
        ),
        "sarcastic": (
            "La app de Conecta tiene una función increíble: se cierra sola para que no gaste datos.",
            "Me encanta la app, sobre todo la parte en la que se cierra justo cuando voy a pagar.",
        ),
    },
    social=(
        "la app de {brand} se cierra sola otra vez 🙄",
        "{brand} {su_f} app no abre, se queda en el logo y se cierra 😤",
        "{brand} {arreglen} la app por favor, se cae cada 2 minutos",
        "la app de {brand} es un chiste, se cierra cada vez que voy a pagar 🤡",
        "¿a alguien más se le cierra la app de {brand}? ya la reinstalé y nada",
        "{brand} la app crashea al entrar a Pagos, Android 14",
        "intentando pagar desde la app de {brand} por quinta vez 😩 se cierra sola",
        "{brand} la app se cierra apenas la abro, ayuda 😡",
    ),
    sarcastic_social=(
        "Qué gran app la de {brand}: la abres, se cierra, fin 👏👏",
        "la app de {brand} tiene modo ahorro: se cierra sola para que no la uses 🙃",
    ),
    clause=(
        "la app se cierra sola a cada rato",
        "la aplicación se cae cuando intento pagar",
        "tampoco sirve la app porque se cierra",
    ),
    call=(
        "la aplicación se me cierra cada vez que intento entrar a ver la {factura}",
        "yo ya desinstalé la app y la volví a instalar y sigue cerrándose",
        "abro la app y se queda en blanco y se cierra, en el {celular} de mi pareja también pasa",
        "cuando voy a confirmar el pago la aplicación se cierra y no sé si el pago quedó",
    ),
    agent=(
        "Estamos presentando intermitencias en la app. Mientras tanto puede hacer la consulta desde el portal web.",
        "Le recomiendo borrar la caché de la aplicación y actualizarla. Si sigue fallando, dejo el reporte con el "
        "área digital.",
        "Ya verifiqué y su pago no quedó registrado, así que puede intentarlo de nuevo sin riesgo de cobro doble.",
    ),
))

_add(Issue(
    key="no_inicia_sesion", label="No puedo iniciar sesión", category="app y portal", process="Servicio",
    families=("digital",), pqrs_type="queja",
    written={
        "calm": (
            "No puedo iniciar sesión en {el_producto}, me dice que la clave es incorrecta.",
            "Solicito restablecer mi contraseña, el enlace de recuperación no me llega al correo.",
            "No me llega el código de verificación por SMS para entrar a la app.",
        ),
        "upset": (
            "Llevo {dias} días sin poder entrar a mi cuenta. Cambio la clave y me sigue diciendo «usuario bloqueado».",
            "El código de verificación llega cuando ya expiró. Así nunca voy a poder ingresar.",
            "Me bloquearon el usuario por «intentos fallidos» y yo ni había intentado entrar.",
            "No puedo iniciar sesión desde que cambié de {celular}, y para desbloquear me piden ir a una oficina.",
            "Error de «sesión expirada» cada vez que ingreso. No puedo consultar nada.",
        ),
        "angry": (
            "¡No puedo entrar a mi propia cuenta! Llevo una semana así y nadie me ayuda.",
            "Ni la contraseña se puede recuperar bien. El enlace llega vencido. Qué desastre.",
            "Tres horas intentando iniciar sesión. TRES HORAS. Ya no sé qué hacer.",
        ),
        "sarcastic": (
            "La app de Conecta es tan segura que ni yo puedo entrar a mi cuenta.",
            "Genial la seguridad: bloquean al titular y al ladrón lo dejan pasar.",
        ),
    },
    social=(
        "{brand} no puedo iniciar sesión, me dice usuario bloqueado 😩",
        "el código de verificación de {brand} llega 10 minutos tarde y ya vencido 🙄",
        "llevo {dias} días sin poder entrar a mi cuenta {brand}, ayuda",
        "¿a alguien le llega el SMS de verificación de {brand}? a mí no 😤",
        "{brand} cambié de {celular} y ya no puedo entrar a la app, me mandan a la oficina 🤦",
        "no puedo ingresar al portal de {brand}: 'sesión expirada' cada 5 segundos",
        "{brand} recuperar contraseña = misión imposible",
        "{brand} usuario bloqueado sin razón 😡",
    ),
    sarcastic_social=(
        "{brand} la app es tan segura que ni yo puedo entrar 🙃",
        "nivel de seguridad de {brand}: ni el dueño de la cuenta entra 🔒🙃",
    ),
    clause=(
        "tampoco puedo iniciar sesión en la app",
        "no me llega el código para ingresar",
        "me bloquearon el usuario",
    ),
    call=(
        "no puedo entrar a la aplicación, me dice que el usuario está bloqueado",
        "le doy a recuperar contraseña y el correo nunca me llega",
        "el código por mensaje de texto me llega tardísimo y cuando lo pongo ya está vencido",
        "cambié de {celular} y desde ahí no he podido ingresar a la app",
    ),
    agent=(
        "Ya le desbloqueé el usuario. Le llega un código temporal por mensaje y al ingresar le pide crear una "
        "nueva clave.",
        "Verifico que el correo registrado está desactualizado. Lo corrijo y le reenvío el enlace de recuperación.",
        "Para vincular el nuevo dispositivo le envío un enlace de validación; no necesita ir a la oficina.",
    ),
))

_add(Issue(
    key="pago_app_falla", label="Falla el pago en la app", category="app y portal", process="Servicio",
    families=("digital",), pqrs_type="reclamo",
    written={
        "calm": (
            "Intenté pagar la {factura} desde la app y sale «transacción rechazada», aunque tengo saldo.",
            "El pago en línea no funciona, se queda cargando y no confirma.",
            "Hice un pago de {monto} por la app, me descontaron del banco, pero la {factura} sigue apareciendo "
            "pendiente.",
        ),
        "upset": (
            "Pagué desde la app el {fecha}, el banco ya me descontó y Conecta dice que no ha recibido nada. Ahora "
            "me cobran mora.",
            "La pasarela de pagos falla siempre el último día de pago. Es justo cuando más se necesita.",
            "Tres intentos de pago en la app, tres errores, y en el extracto aparecen los tres como «en proceso».",
            "No me deja pagar con tarjeta en la app, solo en efectivo, y yo no tengo tiempo de ir a un punto de pago.",
            "La recarga que hice por la app no me llegó a la línea, pero {la_plata} sí me la descontaron.",
        ),
        "angry": (
            "Pago por la app, me descuentan, y me suspenden el servicio por no pagar. ¡Qué desorden!",
            "Ni pagar se puede. La app da error y después me cobran recargo. Es el colmo.",
            "¿Dónde está mi pago de {monto}? El banco dice que salió y {ustedes} dicen que no llegó.",
        ),
        "sarcastic": (
            "Qué difícil es darle {plata} a Conecta: la app no me deja pagar.",
            "Lo bueno de la app es que no me deja pagar, así ahorro. Lo malo es la mora.",
        ),
    },
    social=(
        "{brand} pagué por la app y me sale la factura pendiente 😡 dónde está mi pago?",
        "la app de {brand} no me deja pagar, 'transacción rechazada' y tengo saldo 🙄",
        "{brand} me descontaron del banco y la recarga no llegó 😤",
        "intentando pagar en la app de {brand} desde hace una hora. error, error, error 😤",
        "pagué a tiempo por la app y me cobraron mora {brand} 🤬 alguien me explica?",
        "pago en la app de {brand} se queda cargando infinito ⏳",
        "{brand} el pago salió de mi cuenta y no aparece en la {factura}",
        "{brand} no funciona el botón de pagar en la app",
    ),
    sarcastic_social=(
        "{brand} tan difícil es recibir un pago? 🙃 quiero pagarles y no me dejan",
        "{brand} último día de pago y la app caída. Qué casualidad tan grande 🙃",
    ),
    clause=(
        "el pago por la app tampoco funciona",
        "pagué por la app y no aparece el pago",
        "la app me rechaza el pago",
    ),
    call=(
        "yo pagué por la aplicación el {fecha} y en el sistema me sigue saliendo la {factura} pendiente",
        "intento pagar con la tarjeta en la app y me sale transacción rechazada",
        "hice una recarga de {monto} por la app, me la descontaron y no me llegó a la línea",
        "me llegó un mensaje de suspensión y yo ya había pagado por la app",
    ),
    agent=(
        "Ya encontré su pago, quedó en conciliación con el banco. En máximo 24 horas se aplica y le retiro la mora.",
        "Veo que la pasarela presentó una falla. Le abro el reclamo y si en 48 horas no se refleja, se devuelve "
        "el dinero.",
        "Le aplico la recarga manualmente en este momento, ya le debe llegar el mensaje de confirmación.",
    ),
))

# --------------------------------------------------------------------------- atención telefónica
_add(Issue(
    key="espera_larga", label="Espera larga en la línea", category="atención telefónica", process="Servicio",
    families=("hogar", "movil", "banca", "digital"), pqrs_type="queja",
    written={
        "calm": (
            "Llamé a la línea de atención y esperé {minutos} minutos sin que me atendieran.",
            "Los tiempos de espera en la línea son muy largos. Deberían revisar la capacidad del centro de llamadas.",
            "Intenté comunicarme {veces} veces con servicio al cliente y nunca contestaron.",
        ),
        "upset": (
            "Estuve {minutos} minutos en espera escuchando la misma música para que al final me pidieran volver a "
            "llamar mañana.",
            "Es imposible hablar con un asesor. El menú automático da vueltas y vueltas y nunca pasa a una persona.",
            "Llevo {minutos} minutos en la línea con el mensaje «su llamada es muy importante para nosotros».",
            "En la oficina de {ciudad} la espera fue de más de dos horas para un trámite de diez minutos.",
            "El chat dice «tiempo estimado 5 minutos» y pasa una hora sin respuesta.",
        ),
        "angry": (
            "¡{minutos} minutos en espera! ¿Ese es el servicio al cliente que ofrecen?",
            "Ya ni sirve llamar, nadie contesta en esa línea.",
            "Una hora esperando para hablar con alguien. Mi tiempo no es gratis.",
        ),
        "sarcastic": (
            "Me encanta la música de espera de Conecta, ya me la sé completa después de {minutos} minutos.",
            "Gracias por la hora de meditación obligatoria en la línea de atención.",
        ),
    },
    social=(
        "{minutos} minutos en espera con {brand} y nada 😡",
        "{brand} nadie contesta en la línea de atención, cuánto hay que esperar?",
        "1 hora esperando en la línea de {brand}. UNA HORA.",
        "el chat de {brand} dice 5 minutos de espera… ya va una hora 🙄",
        "{brand} ¿{tienen} asesores o solo música de espera?",
        "{brand} llevo {minutos} minutos en espera 😤 contesten",
        "imposible hablar con una persona en {brand}, solo el menú automático 🤖",
        "{brand} 2 horas en la oficina de {ciudad} para un trámite de 10 minutos 😩",
    ),
    sarcastic_social=(
        "me sé de memoria la música de espera de {brand} 🎶🙃",
        "{brand} 'su llamada es muy importante para nosotros' dice la grabación hace 50 minutos 🤡",
        "llamar a {brand} es un ejercicio de paciencia zen 🧘",
    ),
    clause=(
        "esperé {minutos} minutos en la línea",
        "nadie contesta en la línea de atención",
        "para hablar con un asesor hay que esperar una hora",
    ),
    call=(
        "llevo como {minutos} minutos esperando para que me contesten, ya había llamado ayer y tampoco",
        "es imposible comunicarse, el menú da vueltas y nunca pasa a un asesor",
        "antes que nada, quiero dejar la queja porque estuve casi una hora en espera",
        "ayer llamé tres veces y nadie contestaba, hoy ya llevo media hora",
    ),
    agent=(
        "Le ofrezco disculpas por el tiempo de espera, tenemos un alto volumen de llamadas. Ya estoy con usted.",
        "Registro su queja por el tiempo de espera y le cuento que también puede gestionar esto por el chat de la "
        "app.",
        "Lamento la demora. Le dejo mi extensión directa por si necesita volver a comunicarse.",
    ),
))

_add(Issue(
    key="llamada_cortada", label="Me cuelgan la llamada", category="atención telefónica", process="Servicio",
    families=("hogar", "movil", "banca", "digital"), pqrs_type="queja",
    written={
        "calm": (
            "La llamada con el asesor se cortó a mitad de la gestión y nadie devolvió la llamada.",
            "Me cuelgan cuando pido hablar con un supervisor.",
            "Se cortó la llamada {veces} veces mientras me atendían.",
        ),
        "upset": (
            "Después de {minutos} minutos de espera, el asesor me colgó justo cuando le estaba explicando el problema.",
            "Cada vez que pregunto por la devolución, se corta la llamada. Ya no creo que sea casualidad.",
            "Me cuelgan y tengo que volver a empezar desde cero: otra vez la espera, otra vez el menú.",
            "El asesor dijo «permítame un momento» y nunca volvió; a los diez minutos se cortó.",
            "Pedí que me devolvieran la llamada y dijeron que sí, pero nunca llamaron.",
        ),
        "angry": (
            "¡Me colgaron otra vez! Es la tercera vez hoy.",
            "Los asesores cuelgan cuando no saben qué responder. Es una falta de respeto total.",
            "Me colgó la asesora en la cara. ¿Así tratan a un cliente de ocho años?",
        ),
        "sarcastic": (
            "Nueva estrategia de Conecta para reducir los reclamos: colgar la llamada. Brillante.",
            "Qué eficientes: en dos minutos me atendieron y en dos segundos me colgaron.",
        ),
    },
    social=(
        "{brand} me colgaron OTRA VEZ después de {minutos} minutos de espera 🤬",
        "{brand} me cuelgan cada vez que pido un supervisor. qué casualidad",
        "se me cortó la llamada con {brand} justo cuando me iban a dar el radicado 😩",
        "'permítame un momento' y me colgaron. clásico de {brand}",
        "{brand} dijeron que me devolvían la llamada… sigo esperando desde el martes",
        "tercera llamada a {brand} hoy, tercera vez que me cuelgan 😤",
        "{brand} la asesora me colgó en la cara 😡",
        "me colgaron en {brand} y a empezar otra vez desde el menú 🙄",
    ),
    sarcastic_social=(
        "la estrategia de {brand}: si el cliente reclama, se le cuelga 📞🙃",
        "Gracias {brand} por colgarme, así ahorro minutos 👏",
    ),
    clause=(
        "me colgaron la llamada",
        "la llamada se cortó y nadie me devolvió",
        "me cuelgan cada vez que llamo",
    ),
    call=(
        "es la tercera vez que llamo hoy porque me han colgado las otras dos",
        "le pido que no me cuelgue, por favor, que ya me ha pasado varias veces",
        "estaba hablando con un asesor y se cortó la llamada justo cuando me iba a dar el radicado",
        "me dijeron que me devolvían la llamada y nunca me llamaron",
    ),
    agent=(
        "Le ofrezco disculpas; si la llamada se corta, yo le devuelvo la llamada a este mismo número.",
        "Le dejo registrado el radicado de una vez para que no tenga que empezar de nuevo.",
        "Reviso y veo las llamadas anteriores. Registro la queja sobre la atención recibida.",
    ),
))

_add(Issue(
    key="transferencias_llamada", label="Me transfieren de área en área", category="atención telefónica",
    process="Servicio", families=("hogar", "movil", "banca", "digital"), pqrs_type="queja",
    written={
        "calm": (
            "Me transfirieron a tres áreas distintas y ninguna pudo resolver mi solicitud.",
            "En cada transferencia tengo que volver a explicar todo desde el principio.",
            "Solicito que un solo asesor se haga cargo de mi caso; me han pasado de un área a otra.",
        ),
        "upset": (
            "Me pasaron de facturación a soporte técnico, de soporte a ventas y de ventas otra vez a facturación. "
            "Nadie sabe nada.",
            "Cada asesor me dice que eso lo maneja otra área y me transfiere. Llevo {minutos} minutos así.",
            "Ya expliqué mi caso {veces} veces a personas distintas. ¿No {tienen} un historial?",
            "En la oficina me mandan a la línea y en la línea me mandan a la oficina.",
            "Me transfirieron a «un especialista» y terminé otra vez en el menú principal.",
        ),
        "angry": (
            "¡Me transfirieron SEIS veces! Es un laberinto sin salida.",
            "Ping pong de asesores: nadie se hace responsable de nada.",
            "Siempre es «le transfiero con el área encargada» y esa área no existe.",
        ),
        "sarcastic": (
            "Hoy conocí todas las áreas de Conecta por teléfono, un tour completo y gratis.",
            "Me transfirieron tantas veces que ya me siento parte del equipo.",
        ),
    },
    social=(
        "{brand} me transfirieron 5 veces y nadie me resolvió nada 😩",
        "'le transfiero con el área encargada' = vuelva a empezar {brand} 🙄",
        "{brand} de facturación a técnico, de técnico a ventas, de ventas a facturación. un laberinto",
        "contarle mi caso a 6 asesores distintos de {brand} 🤦 ¿{tienen} historial o no?",
        "{brand} en la oficina me mandan a la línea y en la línea a la oficina 😤",
        "ping pong de llamadas con {brand} toda la mañana",
        "{brand} ya no quiero más transferencias, quiero una solución",
        "{brand} me pasaron por cinco áreas y sigo igual 😡",
    ),
    sarcastic_social=(
        "hoy hice el tour completo por todas las áreas de {brand} por teléfono 🙃",
        "me han transferido tanto en {brand} que ya me sé las extensiones de memoria 👏",
    ),
    clause=(
        "me transfirieron de un área a otra sin solución",
        "tuve que explicar mi caso {veces} veces",
        "me pasaron por cinco áreas distintas",
    ),
    call=(
        "ya me han transferido tres veces y cada vez tengo que explicar todo desde el principio",
        "por favor no me transfiera, que ya me pasaron por facturación y por soporte y nadie me resuelve",
        "en la oficina me dijeron que llamara y {ustedes} me dicen que vaya a la oficina",
        "me dijeron que eso lo maneja otra área, pero en esa área me devolvieron para acá",
    ),
    agent=(
        "Entiendo, no le voy a transferir. Yo me encargo de su caso y le hago el seguimiento.",
        "Tiene razón, ya veo las interacciones anteriores en el historial. Lo gestiono desde aquí.",
        "Le tomo la solicitud y la escalo directamente para que no tenga que volver a llamar.",
    ),
))

# --------------------------------------------------------------------------- cobranzas
_add(Issue(
    key="cobranza_acosadora", label="Llamadas de cobranza acosadoras", category="cobranzas", process="Cobranzas",
    families=("banca", "movil"), pqrs_type="queja",
    written={
        "calm": (
            "Recibo llamadas de cobranza varias veces al día, incluso los domingos. Solicito que se respeten los "
            "horarios.",
            "Me llaman de cobranza por una deuda que ya pagué el {fecha}. Adjunto el comprobante.",
            "Solicito que no llamen a mis familiares por una deuda que es mía y que ya estoy negociando.",
        ),
        "upset": (
            "Me llaman de cobranzas hasta diez veces al día, a las 7 de la mañana y a las 9 de la noche.",
            "Ya pagué la cuota atrasada y siguen llamando a cobrar. ¿No actualizan los pagos?",
            "La casa de cobranza llama a mi trabajo y le cuenta a mis compañeros que debo. Eso no está bien.",
            "Me amenazaron por teléfono con embargarme por una deuda de {monto}. Eso es intimidación.",
            "Me escriben por WhatsApp cada hora para cobrar. Estoy al día desde {mes}.",
        ),
        "angry": (
            "¡Basta de acoso! Ya pagué y siguen llamando como locos.",
            "Las llamadas de cobranza son un acoso: a mi mamá, a mi trabajo, a mi {celular}. Voy a denunciar.",
            "Un cobrador me gritó y me amenazó. Qué clase de empresa permite eso.",
        ),
        "sarcastic": (
            "Conecta no contesta cuando uno llama, pero para cobrar llaman diez veces al día. Qué eficiencia.",
            "Nunca me había sentido tan querido: me llaman de cobranza mañana, tarde y noche.",
        ),
    },
    social=(
        "me llaman de cobranza de {brand} a las 7am un domingo 😡 respeten",
        "{brand} ya pagué y siguen llamando a cobrar 🤬",
        "la casa de cobranza de {brand} llamó a mi mamá. ¿En serio? 😤",
        "acoso telefónico de {brand} por una deuda que ya pagué. capturas guardadas 📸",
        "{brand} me amenazan con embargo por {monto}, eso es intimidación",
        "{brand} basta de llamadas de cobranza, estoy al día",
        "los cobradores de {brand} me escriben por WhatsApp cada hora 😩",
        "{brand} 8 llamadas de cobranza hoy. OCHO.",
    ),
    sarcastic_social=(
        "{brand} para cobrar sí llaman 10 veces al día, para atender no contestan 🙃",
        "nunca me habían llamado tanto como los cobradores de {brand} 📞📞📞 qué popularidad",
    ),
    clause=(
        "me llaman de cobranza todos los días",
        "los de cobranza llaman a mi familia",
        "me acosan con llamadas de cobranza",
    ),
    call=(
        "me están llamando de cobranza cinco, seis veces al día, y yo ya pagué",
        "llamaron a mi trabajo a cobrarme y eso me hizo pasar una vergüenza",
        "un señor de cobranzas me dijo que me iban a embargar, yo quiero saber si eso es verdad",
        "yo quiero hacer un acuerdo de pago, pero que no llamen más a mis familiares",
    ),
    agent=(
        "Le ofrezco disculpas. Ya marqué su número para que no lo contacten fuera del horario permitido.",
        "Verifico que su pago del {fecha} quedó aplicado. Actualizo el estado para que se suspendan las llamadas.",
        "Le puedo ofrecer un acuerdo de pago a seis cuotas sin intereses de mora y se detienen las gestiones de "
        "cobro.",
    ),
))

_add(Issue(
    key="reporte_centrales", label="Reporte en centrales de riesgo", category="cobranzas", process="Cobranzas",
    families=("banca", "movil"), pqrs_type="reclamo",
    written={
        "calm": (
            "Solicito la actualización de mi reporte en {centrales}, ya pagué la obligación desde {mes}.",
            "Aparezco reportado en {centrales} por una deuda que no reconozco. Solicito el soporte de la obligación.",
            "Necesito el paz y salvo para que levanten el reporte en {centrales}.",
        ),
        "upset": (
            "{Me_reportaron} en {centrales} sin aviso previo por una deuda de {monto2}. La ley exige notificar antes.",
            "Me negaron un crédito de vivienda porque aparezco reportado por Conecta, y yo cancelé esa línea hace "
            "dos años.",
            "Pagué todo y el reporte negativo sigue en {centrales} después de {semanas} semanas.",
            "Me reportaron por una cláusula de permanencia que nunca me explicaron.",
            "Por un saldo de {monto2} que nadie me cobró estoy reportado. Ahora no me aprueban nada.",
        ),
        "angry": (
            "¡Me dañaron la vida crediticia por un error de {ustedes}!",
            "Reportado injustamente y nadie responde. Voy a poner la queja en {autoridad}.",
            "Exijo que eliminen el reporte negativo YA. Pagué hace meses.",
        ),
        "sarcastic": (
            "Gracias a Conecta ahora soy famoso en {centrales}. Todo por una deuda que no existe.",
            "Muy rápidos para reportar, muy lentos para actualizar. Un clásico.",
        ),
    },
    social=(
        "{brand} {me_reportaron} en {centrales} por una deuda que ya pagué 😡",
        "me negaron el crédito por un reporte de {brand} 🤬 yo no debo nada",
        "{brand} muy rápidos para reportar, lentísimos para quitar el reporte",
        "llevo {semanas} semanas esperando que {brand} actualice mi reporte en {centrales}",
        "{brand} necesito el paz y salvo para que me quiten el reporte, ayuda",
        "reporte negativo sin aviso previo. ¿eso es legal {brand}?",
        "me reportaron por una permanencia que nunca me explicaron {brand} 😤",
        "{brand} sigo reportado aunque pagué en {mes} 😒",
    ),
    sarcastic_social=(
        "gracias {brand} por dañarme el historial crediticio por {monto2} que nunca me cobraron 🙃",
        "soy famoso en {centrales} gracias a {brand} 🌟🙃",
    ),
    clause=(
        "{me_reportaron} en {centrales} sin aviso",
        "sigo reportado en {centrales}",
        "me dañaron el historial crediticio",
    ),
    call=(
        "me negaron un crédito porque aparezco reportado por {ustedes} y yo ya pagué",
        "necesito que me actualicen el reporte en {centrales}, pagué desde {mes}",
        "me reportaron sin avisarme y yo nunca recibí ninguna notificación",
        "quiero saber por qué aparezco reportado si esa cuenta la cancelé hace tiempo",
    ),
    agent=(
        "Verifico que la obligación está saldada. Envío la solicitud de actualización a {centrales}; tarda hasta "
        "diez días hábiles.",
        "Le genero el paz y salvo y se lo envío al correo registrado en este momento.",
        "Radico su reclamo por reporte sin notificación previa; el área jurídica responde en el plazo legal.",
    ),
))

# --------------------------------------------------------------------------- calidad
_add(Issue(
    key="internet_lento", label="Internet lento o intermitente", category="calidad del servicio", process="Servicio",
    families=("hogar",), pqrs_type="reclamo",
    written={
        "calm": (
            "El internet está muy lento desde hace {dias} días. Contraté 300 megas y el test de velocidad marca 20.",
            "El servicio de internet es intermitente, se cae varias veces al día.",
            "Reporto lentitud en {el_producto} en las noches.",
            "Solicito revisión técnica: la velocidad {del_producto} no corresponde a lo contratado.",
        ),
        "upset": (
            "Pago por {el_producto} y la velocidad no llega ni a la mitad. En las noches es imposible ver una "
            "película.",
            "Trabajo desde casa y el internet se cae cada hora. Ya perdí dos reuniones esta semana.",
            "El wifi funciona bien {manana}, pero desde las 6 de la tarde es una tortuga.",
            "Ya reinicié el módem mil veces como me dicen en la línea y el internet sigue lento.",
            "La conexión se cae y vuelve, se cae y vuelve. Así llevo {semanas} semanas.",
        ),
        "angry": (
            "¡Internet de tortuga a precio de fibra! {Devuelvan} {la_plata} de los días que no sirve.",
            "Llevo un mes con el internet intermitente y la única respuesta es «reinicie el módem». Ya basta.",
            "Los niños no pueden hacer las tareas porque el internet no sirve. Estoy cansada de llamar.",
        ),
        "sarcastic": (
            "Contraté 600 megas y me llegan 6. Bueno, por lo menos acertaron con el 6.",
            "El internet de Conecta es tan lento que me da tiempo de hacer un café mientras carga un correo.",
        ),
    },
    social=(
        "el internet de {brand} más lento que una tortuga 🐢",
        "{brand} pago 300 megas y me llegan 15 😡 #SpeedTest",
        "trabajando desde casa con el internet de {brand} cayéndose cada 10 minutos 🙄",
        "{brand} el internet se cae todas las noches a la misma hora, qué pasa?",
        "internet intermitente desde el lunes {brand}. reiniciar el módem no sirve",
        "{brand} cada vez que quiero ver una serie el internet decide tomarse un descanso",
        "velocidad real vs velocidad contratada con {brand} 📉",
        "{brand} el wifi se desconecta a cada rato 😤",
        "el internet de {brand} va y viene como mi ex 💔",
    ),
    sarcastic_social=(
        "gracias {brand} por el internet lento, así leo más libros 📚🙃",
        "{brand} contraté fibra y me llegó una tortuga con wifi 🐢👏",
    ),
    clause=(
        "el internet anda lentísimo",
        "el internet se cae a cada rato",
        "la velocidad no llega ni a la mitad de lo contratado",
    ),
    call=(
        "el internet me está funcionando muy lento, yo tengo el plan de 300 y me llegan como 20",
        "el internet se cae a cada rato, yo trabajo desde la casa y así no puedo",
        "ya reinicié el módem como tres veces y sigue igual de lento",
        "en las noches el internet no sirve para nada, no carga ni una página",
    ),
    agent=(
        "Hice una prueba remota al módem y veo pérdida de señal. Le programo una visita técnica.",
        "Ya reinicié el equipo desde aquí y actualicé la configuración. ¿Me confirma si mejora la velocidad?",
        "Tenemos una intermitencia reportada en su sector; el área técnica está trabajando y se espera normalizar "
        "en 24 horas.",
    ),
))

_add(Issue(
    key="sin_servicio", label="Sin señal o sin servicio", category="calidad del servicio", process="Servicio",
    families=("hogar", "movil"), pqrs_type="reclamo",
    written={
        "calm": (
            "Estoy sin servicio de internet desde ayer en la noche.",
            "No tengo señal en la línea desde el {fecha}. Solicito revisión.",
            "Reporto falla total del servicio en {barrio}, {ciudad}.",
        ),
        "upset": (
            "Llevo {dias} días sin internet ni televisión. Nadie da una fecha de solución.",
            "No hay señal en mi casa, tengo que salir a la calle para hacer una llamada.",
            "Todo el edificio está sin servicio desde el {fecha} y en la línea dicen que no hay falla reportada.",
            "Sin internet desde la mañana y tengo clases virtuales. ¿Qué pasa?",
            "El {celular} dice «solo llamadas de emergencia» desde hace {dias} días.",
        ),
        "angry": (
            "¡{dias} días SIN SERVICIO y me lo van a cobrar completo!",
            "Sin internet, sin televisión, sin respuesta. Esto es un desastre.",
            "Exijo el descuento por los días sin servicio. No voy a pagar por algo que no tengo.",
        ),
        "sarcastic": (
            "Gracias, Conecta, por la desintoxicación digital obligatoria: {dias} días sin internet.",
            "Excelente servicio: sin señal, sin internet, pero con la {factura} puntual.",
        ),
    },
    social=(
        "sin internet otra vez 😡 {brand}",
        "{brand} llevamos {dias} días sin servicio en {barrio}, nadie responde",
        "{brand} sin señal en el {celular} desde ayer, solo llamadas de emergencia 📵",
        "¿alguien más sin internet de {brand} en {barrio}? 🤔",
        "{brand} sin internet y con clases virtuales mañana 😩",
        "de nuevo caído el servicio de {brand}. ya perdí la cuenta",
        "{brand} ¿hay falla masiva? no hay internet en todo el edificio",
        "{brand} sin tele y sin internet desde anoche 🤬",
    ),
    sarcastic_social=(
        "gracias {brand} por dejarme sin internet otra vez, excelente servicio 🙃",
        "{brand} gracias por la desintoxicación digital que no pedí 🧘🙃",
    ),
    clause=(
        "estoy sin servicio desde ayer",
        "no tengo señal",
        "llevo {dias} días sin internet",
    ),
    call=(
        "no tengo internet desde ayer en la noche, el módem tiene la luz roja",
        "en el {celular} no tengo señal, dice solo llamadas de emergencia",
        "todo el edificio está sin servicio y cuando llamamos nos dicen que no hay falla",
        "llevo {dias} días sin servicio y necesito saber cuándo lo arreglan",
    ),
    agent=(
        "Le confirmo que hay una falla masiva en su sector. El tiempo estimado de solución es de seis horas y se "
        "le aplicará el descuento por el tiempo sin servicio.",
        "Hago el diagnóstico remoto y el equipo no responde. Le programo visita técnica para mañana.",
        "Ya reporté la falla con su dirección. Le llegará un mensaje cuando el servicio se restablezca.",
    ),
))

# --------------------------------------------------------------------------- retención
_add(Issue(
    key="no_dejan_cancelar", label="Quiero cancelar y no me dejan", category="retención", process="Retención",
    families=("hogar", "movil", "banca"), pqrs_type="queja",
    written={
        "calm": (
            "Solicito la cancelación {del_producto} a partir de la fecha.",
            "Quiero cancelar el servicio, pero en la línea no me dan el procedimiento. ¿Cuál es?",
            "Pedí la cancelación {del_producto} el {fecha} y me siguen facturando.",
        ),
        "upset": (
            "Llevo {veces} llamadas intentando cancelar y cada vez me ofrecen un descuento en vez de tramitar la "
            "cancelación.",
            "Para contratar fue por teléfono en cinco minutos; para cancelar me piden ir a una oficina con "
            "fotocopia {del_documento}.",
            "Solicité la cancelación hace {semanas} semanas y me siguen llegando cobros.",
            "Me dicen que no puedo cancelar por una cláusula de permanencia que nunca me informaron.",
            "Quiero cancelar la tarjeta y el asesor me dice que «el sistema no lo permite».",
        ),
        "angry": (
            "¡QUIERO CANCELAR! ¿Tan difícil es? No quiero más ofertas, quiero irme.",
            "Es más fácil salir de una secta que cancelar un plan con Conecta.",
            "Secuestro de clientes: no te dejan cancelar y te siguen cobrando.",
        ),
        "sarcastic": (
            "Qué amor tan intenso el de Conecta, no me deja ir por nada del mundo.",
            "Ya van {veces} intentos de cancelar. Conecta es como el Hotel California: uno entra y nunca puede salir.",
        ),
    },
    social=(
        "{brand} quiero cancelar y no me dejan 😡 solo me ofrecen descuentos",
        "es más fácil salir de una secta que cancelar con {brand}",
        "{brand} cancelé hace un mes y me siguen cobrando 🤬",
        "{brand} no quiero más ofertas, quiero CANCELAR",
        "para contratar con {brand} 5 minutos, para cancelar hay que ir a la oficina con fotocopias 🙄",
        "{brand} ¿cómo se cancela? porque en la línea nadie me deja",
        "{brand} llevo 3 llamadas intentando cancelar el plan 😤",
        "{brand} cancelen mi línea YA, lo pedí hace semanas",
    ),
    sarcastic_social=(
        "intentando cancelar mi plan con {brand}, día 15. sigo atrapado 🙃",
        "Conecta y yo: una relación tóxica, no me deja ir 💔 {brand}",
    ),
    clause=(
        "no me dejan cancelar",
        "quiero cancelar y no me lo permiten",
        "pedí la cancelación y me siguen cobrando",
    ),
    call=(
        "yo quiero cancelar el servicio, no me interesa ninguna oferta, solo quiero cancelar",
        "ya es la tercera vez que llamo para cancelar y siempre me pasan con retención",
        "cancelé hace un mes y me sigue llegando la {factura}",
        "me dicen que tengo cláusula de permanencia, pero a mí nunca me dijeron eso cuando contraté",
    ),
    agent=(
        "Entiendo. Antes de procesar la cancelación, le puedo ofrecer un 30 % de descuento por seis meses.",
        "Ya radiqué la cancelación con fecha de hoy. Le llega la confirmación al correo y no se generan más cobros.",
        "Verifico que la cláusula de permanencia vence en dos meses; si cancela hoy tiene una penalidad de {monto}.",
    ),
))

# --------------------------------------------------------------------------- precios
_add(Issue(
    key="subida_tarifa", label="Subida de tarifa sin aviso", category="precios", process="Fidelización",
    families=("hogar", "movil", "banca"), pqrs_type="reclamo",
    written={
        "calm": (
            "Este mes la {factura} llegó por {monto} cuando normalmente pago {monto2}. No recibí ningún aviso del "
            "aumento.",
            "Solicito explicación del incremento en la tarifa {del_producto}.",
            "Subió el valor del plan sin previo aviso. ¿Cuál es el motivo?",
        ),
        "upset": (
            "{Me_subieron} la tarifa un 15 % sin avisar. Cuando contraté me dijeron que el precio era fijo por un año.",
            "Me aumentaron la mensualidad y el servicio sigue igual de malo.",
            "El precio del plan subió dos veces este año. No es lo que firmé.",
            "La promoción terminó y nadie me informó. Ahora pago casi el doble.",
            "Subieron la cuota de manejo de la tarjeta sin ninguna notificación.",
        ),
        "angry": (
            "¡Otra subida de tarifa! Cada vez pago más por lo mismo.",
            "Suben el precio sin avisar y esperan que uno no se dé cuenta. Qué descaro.",
            "Aumento del 20 % sin previo aviso. Me voy para la competencia.",
        ),
        "sarcastic": (
            "Qué sorpresa tan bonita la de la {factura} de este mes: un aumento que nadie me avisó.",
            "Lo único que mejora en Conecta es el precio… para ellos.",
        ),
    },
    social=(
        "{brand} {me_subieron} la tarifa sin avisar 😡",
        "otra subida de precio de {brand} y el servicio igual de malo 🙄",
        "{brand} la {factura} llegó más cara, ¿dónde estaba el aviso?",
        "pagar más por lo mismo, el modelo de negocio de {brand} 💸",
        "subida de tarifa de {brand} sin previo aviso. ya estoy mirando otras compañías",
        "{brand} cuota de manejo más cara y nadie avisa 😤",
        "{brand} 15% más caro el plan y ni un mensaje 🤬",
        "{brand} por qué subió el plan??",
    ),
    sarcastic_social=(
        "{brand} 'precio fijo por un año' decían 🤡",
        "gracias {brand} por el aumento sorpresa, justo en {mes} 🙃",
    ),
    clause=(
        "{me_subieron} la tarifa sin avisar",
        "el plan ahora cuesta más y nadie avisó",
        "la {factura} viene más cara sin explicación",
    ),
    call=(
        "la {factura} de este mes me llegó más alta y a mí nadie me avisó de ningún aumento",
        "cuando contraté me dijeron que el precio era fijo por un año y ya me lo subieron",
        "quiero saber por qué me están cobrando más, yo pagaba {monto2} y ahora me llega {monto}",
        "se acabó la promoción y nadie me dijo nada, ahora pago casi el doble",
    ),
    agent=(
        "El ajuste corresponde al incremento anual de tarifas que se informó en la {factura} anterior. Le puedo "
        "ofrecer un descuento de fidelización.",
        "Verifico que su promoción terminó el mes pasado. Le aplico una nueva promoción por doce meses.",
        "Tiene razón, el aumento no le debió aplicar. Le reverso la diferencia en la próxima {factura}.",
    ),
))

# --------------------------------------------------------------------------- telemercadeo
_add(Issue(
    key="telemercadeo_insistente", label="Llamadas comerciales insistentes", category="telemercadeo",
    process="Telemercadeo", families=("banca", "movil", "hogar"), pqrs_type="queja",
    written={
        "calm": (
            "Solicito que me retiren de las listas de llamadas comerciales.",
            "Recibo llamadas de venta de Conecta a diario. No estoy interesado en más productos.",
            "No autorizo el uso de mis datos para ofertas comerciales. Pido que me eliminen de esas bases.",
        ),
        "upset": (
            "Me llaman todos los días a ofrecerme una tarjeta de crédito que ya dije que no quiero.",
            "Dije que no {veces} veces y siguen llamando para ofrecerme el plan de fibra.",
            "Me llaman de ventas a la hora del almuerzo y en la noche. Ya basta de ofertas.",
            "Ni siquiera soy cliente de la tarjeta y me llaman cada semana a venderme un seguro.",
            "Me llaman de números distintos para que no pueda bloquearlos, siempre para ofrecerme algo.",
        ),
        "angry": (
            "¡No quiero {su_f} tarjeta! ¿Cuántas veces tengo que decirlo?",
            "El telemercadeo de Conecta es un acoso. Cinco llamadas hoy.",
            "Basta de llamadas para vender. Voy a denunciar el uso de mis datos.",
        ),
        "sarcastic": (
            "Conecta nunca contesta cuando uno llama, pero para ofrecer tarjetas son puntualísimos.",
            "Ya conozco a todo el equipo de ventas de Conecta, me llaman a diario.",
        ),
    },
    social=(
        "{brand} ya dije que NO quiero la tarjeta, {dejen} de llamar 😤",
        "5 llamadas hoy de {brand} ofreciéndome un plan 📞🙄",
        "el telemercadeo de {brand} no descansa, ni los domingos",
        "me llaman de números diferentes para venderme un seguro {brand}, qué cansancio",
        "{brand} quiero salir de las listas de telemercadeo, por favor",
        "otra llamada de {brand} para ofrecerme fibra. ya la tengo 🤦",
        "{brand} ¿cómo hago para que no me llamen más a vender cosas?",
        "{brand} llamadas de ventas a las 9 de la noche 😡",
    ),
    sarcastic_social=(
        "{brand} para vender sí llaman, para atender un reclamo no contestan 🙃",
        "{brand} me llama más el telemercadeo que mi mamá 📞🙃",
    ),
    clause=(
        "me llaman todos los días a ofrecerme productos",
        "el telemercadeo no para de llamarme",
    ),
    call=(
        "mire, yo ya dije que no me interesa, por favor {no_me_llamen}",
        "me están llamando todos los días para ofrecerme la tarjeta",
        "llamo para pedir que me saquen de la lista de llamadas comerciales",
        "ya van como cinco llamadas esta semana ofreciéndome el plan",
    ),
    agent=(
        "Con gusto. Lo excluyo de las campañas comerciales; el cambio se aplica en un máximo de cinco días hábiles.",
        "Registro su solicitud de no contacto comercial y le ofrezco disculpas por las molestias.",
    ),
))

# --------------------------------------------------------------------------- planted emerging issue
# Appears only in the last days of the period (see generator.py). Every wording names the
# version "5.2", which lets tests find it in the files without the generator's help.
EMERGING_KEY = "app_actualizacion_5_2"
_add(Issue(
    key=EMERGING_KEY, label="La actualización 5.2 de la app borra datos y bloquea transferencias",
    category="app y portal", process="Servicio", families=("digital",), pqrs_type="reclamo",
    written={
        "calm": (
            "Desde la actualización 5.2 de la App Conecta no puedo hacer transferencias. Sale «operación no "
            "disponible».",
            "Después de actualizar la app a la versión 5.2 desaparecieron mis cuentas inscritas.",
            "La versión 5.2 de la app me borró los datos guardados y los favoritos de pago.",
            "Reporto que con la versión 5.2 el botón de transferir no responde.",
        ),
        "upset": (
            "Actualicé la app a la 5.2 y ya no puedo transferir a otros bancos. Tengo que pagar el {alquiler} hoy.",
            "La nueva actualización 5.2 me borró todo: contactos, cuentas inscritas, configuración. Tuve que volver "
            "a registrarme.",
            "Desde la 5.2 la app me cierra la sesión cada vez que intento una transferencia.",
            "¿Qué pasó con la actualización 5.2? Las transferencias quedan «en proceso» y nunca salen.",
            "Con la versión 5.2 me pide volver a validar la identidad y no reconoce mi cara ni mi huella.",
        ),
        "angry": (
            "La actualización 5.2 es un desastre. No puedo mover mi {plata}.",
            "¡{Devuelvan} la versión anterior! La 5.2 no deja hacer transferencias.",
            "Dos días sin poder transferir por la famosa actualización 5.2. Inaceptable.",
        ),
        "sarcastic": (
            "Gran mejora la de la versión 5.2: ya no se puede transferir. Así ahorramos todos.",
            "La actualización 5.2 trae una función nueva: borrar todos tus datos. Innovación pura.",
        ),
    },
    social=(
        "{brand} desde la actualización 5.2 no puedo hacer transferencias 😡",
        "la versión 5.2 de la app de {brand} me borró todas las cuentas inscritas 🤬",
        "¿a alguien más la app de {brand} 5.2 no le deja transferir? #App52",
        "{brand} {devuelvan} la versión anterior, la 5.2 es un desastre",
        "{brand} tengo que pagar el {alquiler} y la 5.2 no deja transferir 😩",
        "actualicé a la 5.2 y la app me pide registrarme de nuevo {brand} 🙄",
        "la actualización 5.2 de {brand}: transferencias 'en proceso' eternamente ⏳",
        "ojo: {no_actualicen} la app de {brand} a la 5.2, borra todo y no deja transferir ⚠️",
        "{brand} con la 5.2 no reconoce mi huella y no puedo entrar 😤",
    ),
    sarcastic_social=(
        "gracias {brand} por la actualización 5.2 que borra los datos, justo lo que pedí 🙃",
        "la 5.2 de {brand} vino con una función secreta: no dejarte transferir 👏👏",
    ),
    clause=(
        "desde la actualización 5.2 no puedo transferir",
        "la versión 5.2 me borró los datos",
    ),
    call=(
        "desde que actualicé la aplicación a la 5.2 no me deja hacer transferencias",
        "la actualización 5.2 me borró las cuentas inscritas y ahora no puedo pagar",
        "después de la versión 5.2 la app me pide registrarme otra vez y no reconoce mi huella",
        "hice una transferencia desde la 5.2 y quedó en proceso, no sé si salió {la_plata}",
    ),
    agent=(
        "Sí, tenemos un incidente reportado con la versión 5.2. Mientras lo corrigen, puede transferir desde el "
        "portal web.",
        "El área digital ya está trabajando en la corrección de la 5.2. Le dejo el caso asociado al incidente "
        "general.",
        "Verifico que la transferencia no salió de su cuenta, así que el dinero sigue disponible.",
    ),
))

REGULAR_ISSUES: tuple[str, ...] = tuple(k for k in ISSUES if k != EMERGING_KEY)
