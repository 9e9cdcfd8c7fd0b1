"""The fictional company behind the demo data: Conecta, a telco + bank in Colombia, Mexico and Spain.

Everything here is structured reference data (products, cities, people, clocks). Free text
lives in the phrases_* modules. Tuples, not sets, so iteration order never depends on hashing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

BRAND = "Conecta"
BRAND_HANDLE = "@ConectaAyuda"
COUNTRY_HANDLES = {"CO": "@Conecta_CO", "MX": "@ConectaMX", "ES": "@Conecta_ES"}

COUNTRIES = ("CO", "MX", "ES")
COUNTRY_WEIGHTS = (0.5, 0.3, 0.2)

SEGMENTS = ("Estratégico", "Alto", "Medio", "Bajo")
SEGMENT_WEIGHTS = (0.04, 0.16, 0.42, 0.38)

PROCESSES = ("Preventa", "Venta", "Servicio", "Cobranzas", "Telemercadeo", "Fidelización", "Retención")

# Product families: hogar (fixed internet + TV), movil (mobile lines), banca (cards, accounts,
# loans), digital (the app and the web portal). Names differ a little by country, as they would.
PRODUCTS: dict[str, dict[str, tuple[str, ...]]] = {
    "hogar": {
        "CO": ("Plan Hogar Fibra 300", "Plan Hogar Fibra 600", "Plan Hogar Fibra 900 + TV", "Plan Hogar Básico 100"),
        "MX": ("Plan Hogar Fibra 300", "Plan Hogar Fibra 600", "Plan Hogar Fibra 900 + TV", "Plan Hogar Básico 100"),
        "ES": ("Fibra Hogar 300 Mb", "Fibra Hogar 600 Mb", "Fibra Hogar 1 Gb + TV", "Fibra Hogar Básica 100 Mb"),
    },
    "movil": {
        "CO": ("Plan Pospago 20GB", "Plan Pospago Ilimitado", "Prepago Conecta"),
        "MX": ("Plan Pospago 20GB", "Plan Pospago Ilimitado", "Prepago Conecta"),
        "ES": ("Tarifa Contrato 20GB", "Tarifa Ilimitada", "Tarjeta Prepago Conecta"),
    },
    "banca": {
        "CO": ("Tarjeta de crédito Clásica", "Tarjeta de crédito Oro", "Tarjeta de crédito Platinum",
               "Cuenta de ahorros Conecta", "Crédito de libre inversión"),
        "MX": ("Tarjeta de crédito Clásica", "Tarjeta de crédito Oro", "Tarjeta de crédito Platinum",
               "Cuenta de débito Conecta", "Crédito personal"),
        "ES": ("Tarjeta de crédito Clásica", "Tarjeta de crédito Oro", "Tarjeta de crédito Platinum",
               "Cuenta Conecta", "Préstamo personal"),
    },
    "digital": {
        "CO": ("App Conecta", "Portal Mi Conecta"),
        "MX": ("App Conecta", "Portal Mi Conecta"),
        "ES": ("App Conecta", "Área de clientes Mi Conecta"),
    },
}

CITIES: dict[str, tuple[tuple[str, float], ...]] = {
    "CO": (("Bogotá", 0.42), ("Medellín", 0.17), ("Cali", 0.12), ("Barranquilla", 0.09), ("Bucaramanga", 0.06),
           ("Cartagena", 0.05), ("Pereira", 0.05), ("Manizales", 0.04)),
    "MX": (("Ciudad de México", 0.38), ("Guadalajara", 0.17), ("Monterrey", 0.16), ("Puebla", 0.09),
           ("Querétaro", 0.07), ("León", 0.05), ("Mérida", 0.04), ("Toluca", 0.04)),
    "ES": (("Madrid", 0.34), ("Barcelona", 0.25), ("Valencia", 0.12), ("Sevilla", 0.09), ("Bilbao", 0.06),
           ("Zaragoza", 0.05), ("Málaga", 0.05), ("Valladolid", 0.04)),
}

# Neighbourhoods used in outage and technician texts ("sin internet en Suba").
DISTRICTS: dict[str, tuple[str, ...]] = {
    "Bogotá": ("Chapinero", "Suba", "Kennedy", "Usaquén", "Engativá", "Fontibón", "Teusaquillo", "Bosa",
               "Cedritos", "Modelia", "Salitre", "La Soledad"),
    "Medellín": ("Laureles", "El Poblado", "Belén", "Envigado", "Robledo"),
    "Cali": ("San Fernando", "Ciudad Jardín", "El Ingenio", "Granada"),
    "Ciudad de México": ("Coyoacán", "Iztapalapa", "la Del Valle", "la Roma", "Tlalpan", "la Narvarte"),
    "Guadalajara": ("Zapopan", "Providencia", "Tlaquepaque"),
    "Monterrey": ("San Nicolás", "Cumbres", "San Pedro"),
    "Madrid": ("Vallecas", "Carabanchel", "Chamberí", "Tetuán", "Getafe", "Alcorcón"),
    "Barcelona": ("Gràcia", "Sants", "el Eixample", "Nou Barris", "Badalona"),
    "Valencia": ("Benimaclet", "Ruzafa", "Campanar"),
}

# Fake people. Two surnames, as in all three countries.
FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "CO": ("Luz Marina", "Jhon Jairo", "Yuliana", "Andrés Felipe", "María Camila", "Juan David", "Leidy Johana",
           "Wilson", "Diana Marcela", "Carlos Andrés", "Sandra Patricia", "Jorge Eliécer", "Natalia", "Sebastián",
           "Paola Andrea", "Óscar Iván", "Yeison", "Luisa Fernanda", "Daniela", "Édgar", "Martha Lucía",
           "Juan Sebastián", "Angélica", "Héctor Fabio", "Valentina", "Nelson", "Gloria Inés", "Camilo"),
    "MX": ("José Luis", "Guadalupe", "Juan Carlos", "María Fernanda", "Alejandro", "Ximena", "Luis Ángel", "Itzel",
           "Brenda", "Jorge", "Fernanda", "Diego", "Karla", "Ricardo", "Verónica", "Miguel Ángel", "Daniela",
           "Arturo", "Rocío", "Emiliano", "Marisol", "Héctor", "Abril", "Rodrigo", "Yolanda", "Iván"),
    "ES": ("Javier", "Lucía", "Sergio", "Marta", "Pablo", "Laura", "Álvaro", "Carmen", "David", "Nuria", "Alberto",
           "Cristina", "Jorge", "Elena", "Iñaki", "Raquel", "Manuel", "Paula", "Rubén", "Pilar", "Begoña",
           "Adrián", "Montserrat", "Íñigo", "Rocío", "Josep"),
}
SURNAMES: dict[str, tuple[str, ...]] = {
    "CO": ("Rodríguez", "Gómez", "González", "Martínez", "García", "López", "Hernández", "Sánchez", "Ramírez",
           "Pérez", "Díaz", "Muñoz", "Rojas", "Moreno", "Jiménez", "Vargas", "Castro", "Ospina", "Restrepo",
           "Cardona", "Quintero", "Londoño", "Arango", "Zapata", "Valencia", "Álvarez", "Mejía", "Osorio",
           "Gutiérrez", "Betancur", "Peña", "Cárdenas"),
    "MX": ("Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
           "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez",
           "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero", "Álvarez", "Chávez", "Rivera",
           "Juárez", "Núñez", "Domínguez"),
    "ES": ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
           "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso",
           "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Serrano", "Blanco",
           "Molina", "Ortega", "Iglesias", "Castaño"),
}

# Call-centre agents per country (names appear in transcripts and in praise).
AGENTS: dict[str, tuple[str, ...]] = {
    "CO": ("Carolina Méndez", "Andrés Bermúdez", "Yesenia Rincón", "Julián Acosta", "Paola Guerrero",
           "Cristian Salazar", "Marcela Duque", "Felipe Orozco", "Lorena Cifuentes", "Stiven Palacios"),
    "MX": ("Fernanda Ríos", "Iván Olvera", "Alejandra Tapia", "Óscar Villanueva", "Mariana Zúñiga",
           "Rodrigo Salinas", "Daniela Cervantes", "Édgar Montiel"),
    "ES": ("Lucía Prieto", "Sergio Cano", "Marta Vidal", "Álex Herrero", "Irene Lozano", "Raúl Pastor",
           "Noelia Cabrera"),
}

E_MAIL_DOMAINS: dict[str, tuple[str, ...]] = {
    "CO": ("gmail.com", "hotmail.com", "outlook.com", "yahoo.es"),
    "MX": ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx", "prodigy.net.mx"),
    "ES": ("gmail.com", "hotmail.es", "outlook.es", "yahoo.es", "telefonica.net"),
}

MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre")


# ---------------------------------------------------------------------------------------------
# Clocks. Implemented by hand (not zoneinfo) so the output never depends on the host's tz data.

def _last_sunday(year: int, month: int) -> date:
    d = date(year, month, 31)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def utc_offset_hours(country: str, local: datetime) -> int:
    """UTC offset of a local wall-clock time: Colombia -5, central Mexico -6 (no DST since 2022),
    peninsular Spain +1 / +2 in summer (last Sunday of March to last Sunday of October)."""
    if country == "CO":
        return -5
    if country == "MX":
        return -6
    start = datetime.combine(_last_sunday(local.year, 3), datetime.min.time()).replace(hour=2)
    end = datetime.combine(_last_sunday(local.year, 10), datetime.min.time()).replace(hour=3)
    return 2 if start <= local.replace(tzinfo=None) < end else 1


def iso_with_offset(country: str, local: datetime) -> str:
    off = utc_offset_hours(country, local)
    sign = "+" if off >= 0 else "-"
    return f"{local:%Y-%m-%dT%H:%M:%S}{sign}{abs(off):02d}:00"


def to_utc(country: str, local: datetime) -> datetime:
    """Naive UTC datetime for a naive local one."""
    return local - timedelta(hours=utc_offset_hours(country, local))


def add_business_hours(start: datetime, hours: float) -> datetime:
    """Advance through business time (Mon–Fri, 8:00–18:00): how back offices count ANS terms."""
    t = start
    remaining = hours * 60.0
    while remaining > 0:
        if t.weekday() >= 5:
            t = datetime.combine(t.date() + timedelta(days=7 - t.weekday()), datetime.min.time()).replace(hour=8)
            continue
        if t.hour < 8:
            t = t.replace(hour=8, minute=0)
        day_end = t.replace(hour=18, minute=0)
        if t >= day_end:
            t = datetime.combine(t.date() + timedelta(days=1), datetime.min.time()).replace(hour=8)
            continue
        available = (day_end - t).total_seconds() / 60.0
        step = min(available, remaining)
        t = t + timedelta(minutes=step)
        remaining -= step
    return t.replace(second=0, microsecond=0)
