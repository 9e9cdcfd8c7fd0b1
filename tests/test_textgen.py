"""escucha.textgen: the template filler behind the demo corpus, the training texts and the test corpora."""

from __future__ import annotations

import random

import pytest

from escucha.textgen import Slots, capitalise, fill, fold, read_csv, read_yaml, strip_accents, tidy


def _slots(seed: int = 0, **values: object) -> Slots:
    return Slots(random.Random(seed), values)


def test_plain_and_capitalised_slots() -> None:
    slots = _slots(me_cobraron="me cobraron", Ustedes="Vosotros", ustedes="vosotros")
    assert fill("{Me_cobraron} dos veces; {ustedes} / {Ustedes}", slots) == "Me cobraron dos veces; vosotros / Vosotros"


def test_a_list_slot_draws_at_every_use_and_a_lazy_slot_once() -> None:
    calls = []

    def amount() -> str:
        calls.append(1)
        return f"${len(calls)}"

    slots = Slots(random.Random(1), {"n": ["uno", "dos", "tres", "cuatro", "cinco", "seis"]}, {"monto": amount})
    texts = {fill("{n}", slots) for _ in range(30)}
    assert texts == {"uno", "dos", "tres", "cuatro", "cinco", "seis"}
    assert fill("{monto} y otra vez {monto}", slots) == "$1 y otra vez $1"
    assert len(calls) == 1


def test_choice_and_maybe() -> None:
    seen = {fill("a{|b|c}", _slots(seed)) for seed in range(50)}
    assert seen == {"a", "ab", "ac"}
    maybe = [fill("x{?0.3:y}", _slots(seed)) for seed in range(400)]
    assert set(maybe) == {"x", "xy"}
    assert 0.2 < maybe.count("xy") / len(maybe) < 0.4


def test_every_alternative_draws_before_one_is_picked() -> None:
    """The draws of a template do not depend on which alternative wins: the nested slot draws
    in every case, so what comes after it is the same for the same seed."""
    template = "{a|{n}}{n}"
    words = ["p", "q", "r", "s", "t", "u", "v", "w"]
    for seed in range(20):
        text = fill(template, _slots(seed, n=words))
        rng = random.Random(seed)
        inner = rng.choice(words)
        picked = rng.choice(["a", inner])
        assert text == picked + rng.choice(words)


def test_same_seed_same_text() -> None:
    template = "{Saludo}, {n} {|!|?} {?0.5:fin}"
    values = {"saludo": ["hola", "buenas"], "n": ["uno", "dos", "tres"]}
    assert fill(template, Slots(random.Random(9), values)) == fill(template, Slots(random.Random(9), values))


@pytest.mark.parametrize("template", ["{sin_cerrar", "cierra}", "{dos palabras}", "{}"])
def test_malformed_templates_are_refused(template: str) -> None:
    with pytest.raises(ValueError):
        fill(template, _slots(x="x"))


def test_a_missing_slot_is_named() -> None:
    with pytest.raises(KeyError, match="nombre"):
        fill("Hola {nombre}", _slots())


def test_text_operations() -> None:
    assert strip_accents("Él pidió una señal en Bogotá, pingüino") == "El pidio una señal en Bogota, pinguino"
    assert fold("Señal ÁÉÍ") == "senal aei"
    assert capitalise("¿qué pasó?") == "¿Qué pasó?"
    assert tidy("hola  ,  mundo .") == "hola, mundo."


def test_package_data_readers() -> None:
    issues = read_yaml("escucha.demo.data", "issues.yaml")
    assert isinstance(issues["cobro_doble"]["social"], tuple)  # read-only banks
    assert {"slot", "CO", "MX", "ES"} <= set(read_csv("escucha.demo.data", "vocab.csv")[0])
