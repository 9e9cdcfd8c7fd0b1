"""Social-media extras: hashtags, emojis, the planted outage posts, high-reach accounts and the
few posts in English or Portuguese (to exercise language tagging)."""

from __future__ import annotations

EMOJIS: dict[str, tuple[str, ...]] = {
    "angry": ("😡", "🤬", "😤", "💢", "👎"),
    "upset": ("😒", "🙄", "😩", "😞", "🤦"),
    "sarcastic": ("🙃", "👏", "🙂", "😂", "🤡"),
    "calm": ("🤔", "🙏", ""),
    "neu": ("🙏", "🤔", "", "😊"),
    "pos": ("🙌", "❤️", "👏", "😊", "💯", "👌"),
}

HASHTAGS: dict[str, tuple[str, ...]] = {
    "facturación": ("#CobroDoble", "#Facturación", "#PésimoServicio"),
    "entregas e instalación": ("#Instalación", "#ConectaFalla"),
    "app y portal": ("#AppConecta", "#ConectaFalla"),
    "atención telefónica": ("#ServicioAlCliente", "#PésimoServicio"),
    "cobranzas": ("#Acoso", "#Cobranza"),
    "calidad del servicio": ("#SinInternet", "#ConectaFalla", "#PésimoServicio"),
    "retención": ("#QuieroCancelar", "#PésimoServicio"),
    "precios": ("#SubidaDePrecios", "#Conecta"),
    "telemercadeo": ("#Spam", "#Telemercadeo"),
    "pos": ("#BuenServicio", "#Gracias", "#Conecta"),
    "neu": ("#Conecta", ""),
}

# The planted outage (social_spike): people in Bogotá reporting the same failure on one day.
OUTAGE_POSTS: tuple[tuple[str, str], ...] = (  # (tone, text)
    ("angry", "sin internet en todo Bogotá?? {brand} qué está pasando 😡 #CaídaConecta"),
    ("angry", "{brand} caída total en {barrio}, ni internet ni TV desde las {hora} 🤬"),
    ("upset", "¿A alguien más se le cayó el internet de {brand}? Acá en {barrio} nada #SinInternet"),
    ("sarcastic", "reunión importante y {brand} se cae en toda la ciudad. gracias por tanto 🙃"),
    ("upset", "{brand} ¿hay algún comunicado? media Bogotá sin internet y ustedes callados"),
    ("upset", "trabajo remoto + caída masiva de {brand} = día perdido 😤 #CaídaConecta"),
    ("upset", "{brand} tres horas sin servicio en {barrio}. ¿cuándo vuelve??"),
    ("sarcastic", "se cayó {brand} en todo Bogotá y la línea de atención también colapsó, qué eficiencia 🤡"),
    ("angry", "en {barrio} tampoco hay internet {brand}. esto es un desastre #SinInternet"),
    ("angry", "me tienen mamado {brand}, otra caída y en plena hora laboral"),
    ("angry", "qué boleta {brand}, todo Bogotá sin internet y ni un aviso 😡"),
    ("upset", "parce, ¿a usted también se le fue el internet? {brand} está caído en todo Bogotá"),
    ("upset", "{brand} sin internet en {barrio} desde las {hora} y el chat no responde 😩"),
    ("sarcastic", "Gracias {brand} por el día libre obligatorio, sin internet en toda la ciudad 👏👏"),
    ("angry", "{brand} ni internet ni TV ni señal en el celular en {barrio}. ¿Qué pasó? 🤬"),
    ("angry", "pésimooo {brand}, se cae el servicio y nadie dice nada #CaídaConecta"),
    ("upset", "los de {barrio} también estamos sin internet {brand}!! 😤"),
    ("upset", "{brand} tengo clase virtual a las 4 y no hay internet en todo el barrio 😭"),
)

# High-reach accounts: (username, display name, followers, location, kind).
BIG_ACCOUNTS: tuple[tuple[str, str, int, str, str], ...] = (
    ("AlertaBogotaYa", "Alerta Bogotá", 1_240_000, "Bogotá, Colombia", "news"),
    ("lamonaviajera", "La Mona Viajera ✈️", 486_000, "Bogotá", "influencer"),
    ("techtalkmx", "Tech Talk MX", 212_000, "Ciudad de México", "influencer"),
    ("DiarioCaliHoy", "Diario Cali Hoy", 158_000, "Cali, Colombia", "news"),
    ("jorgeopina_es", "Jorge Opina", 131_000, "Madrid", "influencer"),
    ("consumidorMX", "Consumidor Alerta MX", 344_000, "México", "news"),
)

# The high-reach post planted on the spike day (negative, from the Bogotá influencer).
SPIKE_BIG_POST = ("Llevo 3 horas sin internet por culpa de {brand} y tenía una transmisión en vivo con 20.000 "
                  "personas. Pésimo servicio, una vergüenza. ¿Nadie va a dar la cara? 😡 #CaídaConecta")
SPIKE_NEWS_POST = ("🚨 Reportan caída masiva del servicio de internet de {brand} en varios sectores de Bogotá desde las "
                   "10:00 a. m. Usuarios de Suba, Chapinero y Kennedy reportan fallas. #SinInternet")

# Occasional posts by high-reach accounts on ordinary days: (issue or topic key, sentiment, text).
BIG_ACCOUNT_POSTS: tuple[tuple[str, str, str], ...] = (
    ("subida_tarifa", "neg", "Varios usuarios nos escriben que {brand} subió las tarifas sin aviso previo. ¿A usted "
                             "también le llegó la factura más cara? Cuéntenos."),
    ("espera_larga", "neg", "Probé la línea de atención de {brand}: 47 minutos de espera para hablar con alguien. "
                            "Así no, así no."),
    ("app_se_cierra", "neg", "La app de {brand} se cierra sola en Android 14. Ya van muchos reportes. Ojo si van a "
                             "pagar hoy."),
    ("felicitacion_asesor", "pos", "Hay que reconocerlo: {brand} me resolvió un problema de facturación en un día. "
                                   "Buen trabajo 👏"),
    ("info_planes", "neu", "Comparamos los planes de fibra de los principales operadores. {brand} tiene el de "
                           "600 megas más barato este mes. Hilo 🧵"),
)

# Posts in other languages: (lang, issue or topic key, sentiment, text).
FOREIGN_POSTS: tuple[tuple[str, str, str, str], ...] = (
    ("en", "sin_servicio", "neg", "{brand} my internet has been down since this morning, any ETA?"),
    ("en", "cobro_doble", "neg", "{brand} you charged my card twice this month, please refund asap"),
    ("en", "app_se_cierra", "neg", "{brand} the app keeps crashing every time I try to pay 😤"),
    ("en", "felicitacion_asesor", "pos", "Great customer service from {brand} today, sorted in 5 minutes. Thanks!"),
    ("en", "espera_larga", "neg", "{brand} been on hold for 45 minutes, this is ridiculous"),
    ("en", "info_planes", "neu", "{brand} hi, do you have prepaid SIM plans for tourists?"),
    ("pt", "cobro_doble", "neg", "{brand} meu cartão foi cobrado duas vezes, alguém me ajuda?"),
    ("pt", "sin_servicio", "neg", "{brand} estou sem internet desde ontem, qual a previsão?"),
    ("pt", "app_se_cierra", "neg", "o aplicativo da {brand} fecha sozinho toda hora 😡"),
    ("pt", "felicitacion_asesor", "pos", "{brand} atendimento excelente, muito obrigado!"),
    ("pt", "espera_larga", "neg", "{brand} esperei 40 minutos na linha e ninguém atendeu"),
)

# Casual openers/closers for social posts (any country).
ELONGATIONS: dict[str, str] = {
    "pésimo": "pésimooo", "nada": "nadaaa", "otra vez": "otra vezzz", "gracias": "graciaaas", "hola": "holaaa",
    "malo": "malooo", "ayuda": "ayudaaa", "por favor": "por favoooor", "nadie": "nadieee", "caído": "caídoooo",
    "lento": "lentooo", "desastre": "desastreee",
}
TYPO_SUBS: tuple[tuple[str, str], ...] = (
    ("que ", "q "), ("porque", "xq"), ("por favor", "porfa"), ("también", "tmb"), ("para ", "pa "),
    ("está", "esta"), ("qué", "que"), ("días", "dias"), ("está", "ta"), ("nada", "nd"),
)
