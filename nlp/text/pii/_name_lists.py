"""Common given names and surnames of Colombia, Mexico and Spain, and words that look like names.

Written for this project from general knowledge (frequent names are facts, not a licensed list).
Entries are stored folded (lower case, no accents) so "Rodriguez" and "Rodríguez" both match.
"""

from __future__ import annotations

GIVEN_NAMES_TEXT = """
aaron abel abigail abraham adela adelaida adolfo adrian adriana agustin agustina aida aitana
aitor alan alba alberto alejandra alejandro alex alexa alexander alexandra alexis alfonso
alfredo alicia alma alonso alvaro amalia amelia ana anabel andrea andres angel angela angelica
angie anibal antonia antonio araceli ariadna ariana ariel armando arturo aurora axel beatriz
belen benjamin bernardo berta blanca brayan brenda bruno camila camilo candela carla carlos
carmen carolina catalina cecilia celia cesar claudia clara cristian cristina cristobal daniel
daniela dario david debora diana diego dolores domingo dora dylan edgar eduardo elena eliana
elias elisa elizabeth elsa emilia emiliano emilio emma enrique erica erika ernesto esteban
estefania estela ester esther eugenia eva fabian fabiola facundo federico felipe fernanda
fernando fidel flor francisca francisco gabriel gabriela gael gerardo german gilberto gisela
gladys gloria gonzalo graciela gregorio guadalupe guillermo gustavo hector helena hernan
hernando homero horacio hugo humberto ignacio ines irene iris isaac isabel isabella ismael
ivan ivonne jacinto jaime janeth javier jazmin jenny jeronimo jessica jesus jimena joaquin
johan johana jonathan jordi jorge jose josefa josefina juan juana julia julian juliana julio
karen karina kevin laura leandro leonardo leonel leticia liliana lina lizeth lorena lorenzo
lourdes lucas lucia luciana luis luisa luz magdalena manuel manuela marcela marco marcos
margarita maria mariana mariano maribel marina mario marisol marta martha martin martina mateo
matias mauricio maximiliano melissa mercedes miguel milagros miriam moises monica nancy natalia
nelson nestor nicolas noelia nora norma octavio olga omar oscar pablo paola patricia paula
paulina pedro pilar rafael ramiro ramon raquel raul rebeca regina reinaldo renata ricardo
roberto rocio rodrigo rogelio rolando ruben ruth salvador samuel sandra santiago sara sebastian
sergio silvia simon sofia sonia susana tatiana teresa tomas ulises valentina valeria vanessa
veronica vicente victor victoria viviana wilson ximena xavier yesenia yolanda yuliana yurani
zoe jhon jhonatan yeison yeimy leidy deisy wilmer jairo edwin fredy freddy alirio orlando
efrain hernan nubia amparo consuelo esperanza socorro rosario soledad rosa gustavo alba
francy yamile marleny luzmila dayana estiven stiven duvan jhoan maira mayra anderson fabio
aurelio brigido cristofer emanuel ezequiel fermin gerson hilda irma lidia lucila marlene
mireya nohora pascual rigoberto saul teodoro wendy yadira zulema montserrat nuria iker unai
jon ane itziar ainhoa leire maite pau marc oriol arnau jordi neus roser nerea iratxe xabier
borja inigo gorka alvar ignasi lluis joan miquel pere quim xavi begona rafaela
pepe paco pancho lupita chucho nacho memo lalo toño chela
""".split()

SURNAMES_TEXT = """
acosta aguilar aguirre alonso alvarez andrade arango arias arroyo avila ayala bautista barrera
barrios benitez bermudez betancur blanco bolanos bravo bustos caballero cabrera calderon
calvo camacho campos cano cardenas cardona carmona carrasco carrillo castaneda castillo castro
cervantes chavez cifuentes contreras cordoba correa cortes cruz cuellar delgado diaz dominguez
duarte duque escobar espinosa espinoza estrada fajardo fernandez figueroa flores franco fuentes
gallego gallardo gallo garcia garrido gaviria gil gimenez giraldo gomez gonzalez guerrero
gutierrez guzman henao herrera hernandez hidalgo hoyos ibarra iglesias jaramillo jimenez
juarez lara leon londono lopez lozano luna maldonado marin marquez martin martinez medina
mejia melo mendez mendoza mesa molina montes montoya mora morales moreno munoz murillo navarro
nieto nunez ocampo ochoa orozco ortega ortiz osorio ospina pacheco padilla palacios parra pardo
pastor pena perez pineda pinzon pizarro prieto quintero quiroga ramirez ramos reyes rincon rios
rivas rivera robles rodriguez rojas romero rosales rubio ruiz saavedra salas salazar salcedo
salinas sanchez sandoval santana santiago santos serrano sierra silva solano soto suarez tapia
toro torres trujillo urrego valdes valencia valenzuela vallejo vargas vasquez vazquez vega
velasco velez vera villa villalobos villamizar villegas zamora zapata zuluaga ruano benavides
cabello calle caicedo castellanos cespedes chaparron correal echeverri echeverria galeano
galvis granados guevara gamboa higuera lemus leal manrique marulanda nino olarte olaya
pulido restrepo rengifo sarmiento tovar uribe zambrano acevedo agudelo alzate bedoya buitrago
cardozo carvajal castano cortez davila escobedo esquivel gallegos hurtado lozada marroquin
moncada montenegro naranjo ochoa patino perdomo posada quintana quinones sepulveda tellez
valderrama villarreal zarate zuniga aranda beltran cisneros cordero dorado fierro granda
ibanez lorenzo mateos pascual pascua soler vidal vila puig ferrer roca serra pons sala font
mas vallejo garzon ballesteros aparicio arenas bueno carrion crespo esteban fuster moya
ortuno peinado quesada segura tejada varela vicente ybarra zabala etxeberria aguado
""".split()

# Given names that are also common Spanish words or places: on their own, or written in lower
# case, they are not taken as names ("se fue la luz", "Dolores de cabeza", "Santiago de Cali").
AMBIGUOUS_GIVEN = frozenset(
    """luz paz rosa flor cruz mercedes dolores consuelo esperanza soledad amparo socorro rosario
    victoria pilar alba sol ruth iris gloria angel belen reyes aurora concepcion trinidad
    santiago salvador jesus milagros nieves candela estrella blanca clara regina lucas marco
    dario norma nelson simon gil leon martin franco mateo emma alma julio domingo tomas cesar
    rocio armando ignacio lucia guadalupe trinidad orlando olga nora""".split()
)

# Surnames that are also common words: accepted after a given name ("Juan Blanco"), never alone.
AMBIGUOUS_SURNAMES = frozenset(
    """blanco bravo bueno calle campos cano castillo cruz delgado dorado flores fuentes gallo gil
    leal luna mas mesa montes mora moreno nino pardo pastor pena prieto reyes rios robles rosales
    rubio sala salas santos segura serra sierra soler toro vega vera vidal villa caballero calvo
    gallego cordero franco iglesias torres rojas leon ramos nieto correa escobar roca font crespo
    arenas palacios guerrero""".split()
)

# Capitalised words that never start or continue a person's name here: places, brands,
# institutions, calendar words, religious words and common nouns written with a capital.
NOT_NAMES = frozenset(
    """bogota medellin cali barranquilla cartagena bucaramanga pereira manizales cucuta ibague
    santa villavicencio pasto monteria neiva armenia popayan tunja sincelejo valledupar
    colombia mexico cdmx monterrey guadalajara puebla tijuana leon queretaro merida cancun
    toluca juarez chihuahua veracruz oaxaca espana madrid barcelona valencia sevilla zaragoza
    malaga bilbao murcia palma alicante cordoba valladolid vigo gijon granada vitoria coruna
    antioquia cundinamarca valle atlantico santander jalisco nuevo andalucia cataluna galicia
    claro movistar tigo etb wom une telcel att telmex izzi totalplay vodafone orange jazztel
    masmovil yoigo digi bancolombia davivienda bbva santander banorte banamex citibanamex nequi
    daviplata rappi netflix amazon google facebook instagram twitter whatsapp tiktok youtube
    apple samsung huawei xiaomi motorola iphone android windows spotify uber didi mercadolibre
    falabella exito alkosto oxxo walmart elcorteingles zara iberdrola endesa naturgy epm enel
    codensa gas natural banco bancos caja seguros sura sanitas colsanitas nueva eps famisanar
    enero febrero marzo abril mayo junio agosto septiembre setiembre octubre noviembre
    diciembre lunes martes miercoles jueves viernes sabado navidad semana santa pascua
    dios jesucristo cristo virgen senor senora don dona san sant santo santa papa reina rey
    principe princesa anonimo anonima
    cliente clientes usuario usuaria asesor asesora agente gerente supervisor supervisora
    director directora ingeniero ingeniera doctor doctora licenciado licenciada tecnico
    atencion servicio soporte internet plan planes factura facturacion pqr pqrs radicado
    el la los las un una yo tu usted ustedes nosotros ellos ella mi su de del y o que no si
    hola buenas buenos gracias saludos cordial cordialmente atentamente buen dia tardes noches
    estimado estimada estimados senores sres senorita
    norte sur este oeste calle carrera avenida centro barrio colonia
    rio mar lago sierra monte puerto bahia playa isla
    bolivar comercial tecnico virtual digital ventas empresa empresarial hogar hogares
    pyme pymes corporativo premium prepago pospago postpago fibra movil fijo""".split()
)

GIVEN_NAMES = frozenset(GIVEN_NAMES_TEXT)
SURNAMES = frozenset(SURNAMES_TEXT)
