"""Map the top-level folders (nlp/, flows/, ...) to sub-packages of `escucha`.

The folders sit at the repository root, so the parts of the product are seen at a glance;
installing them as `escucha.nlp` etc. keeps generic names such as `nlp` or `flows` out of
site-packages. Sub-packages are found automatically, so adding a folder with an `__init__.py`
needs no edit here.
"""

from setuptools import find_packages, setup

ROOTS = {"escucha": "escucha", "escucha.nlp": "nlp", "escucha.flows": "flows",
         "escucha.connectors": "connectors", "escucha.outputs": "outputs", "escucha.config": "config"}

packages: list[str] = []
package_dir: dict[str, str] = {}
for name, folder in ROOTS.items():
    packages.append(name)
    package_dir[name] = folder
    for sub in find_packages(folder):
        packages.append(f"{name}.{sub}")
        package_dir[f"{name}.{sub}"] = f"{folder}/{sub.replace('.', '/')}"

setup(packages=packages, package_dir=package_dir)
