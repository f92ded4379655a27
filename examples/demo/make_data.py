#!/usr/bin/python3
"""Generate the synthetic e-commerce recommendation data set for the whyrec demo.

Writes users.csv, items.csv, candidates.csv and background.csv next to this
script (or into --out). Everything is drawn from numpy's default_rng with a
fixed seed, so the output is byte-for-byte reproducible.

Usage:
    /usr/bin/python3 examples/demo/make_data.py [--seed 7] [--out DIR]
"""

import argparse
import csv
import math
import os

import numpy as np

N_USERS = 200
CANDIDATES_PER_USER = 40
N_BACKGROUND = 100

FEATURES = [
    "price_vs_usual_spend",
    "category_affinity",
    "days_since_category_view",
    "item_popularity",
    "item_rating",
    "discount_pct",
    "novelty",
    "viewed_item_before",
    "brand_affinity",
    "item_age_days",
    "user_activity",
    "shipping_days",
]

# Decimal places used when writing each feature (the label is computed from
# the rounded values, so the label function holds exactly on the CSV values).
FEATURE_DECIMALS = {
    "price_vs_usual_spend": 3,
    "category_affinity": 3,
    "days_since_category_view": 1,
    "item_popularity": 3,
    "item_rating": 1,
    "discount_pct": 0,
    "novelty": 3,
    "viewed_item_before": 0,
    "brand_affinity": 3,
    "item_age_days": 0,
    "user_activity": 1,
    "shipping_days": 0,
}

# Intercept of the click logit; chosen by hand so the overall CTR is ~15%.
LABEL_INTERCEPT = -2.4
LABEL_NOISE_SD = 0.5

# category -> (adjectives, [(noun, base price in EUR)], brands)
CATALOGUE = {
    "Sports": (
        ["Trail", "Lightweight", "Pro", "Everyday", "Cushioned", "Compact",
         "Performance", "Classic"],
        [("running shoes", 90), ("yoga mat", 30), ("water bottle", 15),
         ("fitness tracker", 80), ("resistance bands", 20), ("gym bag", 45),
         ("cycling gloves", 25), ("tennis racket", 110)],
        ["Stridewell", "Peakform", "Velocita", "Apexa", "Kinetiq"],
    ),
    "Outdoors": (
        ["Waterproof", "Ultralight", "Packable", "Alpine", "Rugged",
         "Insulated", "Compact", "Expedition"],
        [("hiking jacket", 120), ("tent", 180), ("sleeping bag", 90),
         ("headlamp", 30), ("backpack", 80), ("camping stove", 60),
         ("trekking poles", 50), ("rain poncho", 20)],
        ["Northridge", "Fjellwood", "Summitco", "Trailhaven", "Borealis"],
    ),
    "Kitchen": (
        ["Stainless", "Ceramic", "Professional", "Compact", "Classic",
         "Premium", "Essential", "Artisan"],
        [("chef's knife", 60), ("frying pan", 45), ("coffee grinder", 50),
         ("blender", 80), ("cutting board", 25), ("espresso machine", 300),
         ("mixing bowls", 30), ("kettle", 40)],
        ["Cucina Viva", "Hearthware", "Saltandpan", "Brevetto", "Kochhaus"],
    ),
    "Electronics": (
        ["Wireless", "Portable", "Noise-cancelling", "Smart", "Compact",
         "HD", "Premium", "Budget"],
        [("headphones", 150), ("earbuds", 80), ("speaker", 60),
         ("charger", 20), ("smartwatch", 200), ("USB-C hub", 40),
         ("webcam", 70), ("e-reader", 120)],
        ["Voltra", "Sonique", "Pixelon", "Ampere Labs", "Nexbit"],
    ),
    "Books": (
        ["Bestselling", "Illustrated", "Paperback", "Hardcover",
         "Award-winning", "Classic", "Pocket", "Collector's"],
        [("cookbook", 25), ("thriller", 15), ("travel guide", 20),
         ("sci-fi novel", 15), ("biography", 22), ("poetry collection", 14),
         ("history book", 28), ("picture book", 12)],
        ["Inkwell Press", "Marginalia", "Folio & Finch", "Paperlane",
         "Quillstone"],
    ),
    "Beauty": (
        ["Hydrating", "Organic", "Gentle", "Vitamin C", "Travel-size",
         "Luxury", "Fragrance-free", "Daily"],
        [("face serum", 35), ("moisturizer", 25), ("shampoo", 12),
         ("lip balm", 6), ("sunscreen", 18), ("perfume", 70),
         ("hair dryer", 60), ("nail kit", 20)],
        ["Lumiere", "Dewdrop", "Botanica", "Velour", "Skinsmith"],
    ),
    "Home": (
        ["Modern", "Cozy", "Minimalist", "Rustic", "Scandinavian",
         "Handmade", "Soft", "Vintage"],
        [("desk lamp", 40), ("throw blanket", 35), ("scented candle", 18),
         ("storage baskets", 30), ("wall clock", 28), ("bath towels", 40),
         ("office chair", 180), ("plant pot", 15)],
        ["Nestwell", "Linden & Oak", "Hygge Home", "Casaluce", "Roomly"],
    ),
    "Toys": (
        ["Wooden", "Deluxe", "Educational", "Mini", "Classic", "Magnetic",
         "Family", "Glow-in-the-dark"],
        [("building blocks", 35), ("puzzle", 18), ("board game", 30),
         ("plush bear", 20), ("RC car", 55), ("science kit", 40),
         ("art set", 25), ("toy train", 45)],
        ["Playforge", "Tinkerly", "Kidoodle", "Marble & Moss", "Jumbuddy"],
    ),
}
ITEMS_PER_CATEGORY = 50

FIRST_NAMES = [
    "Ava", "Ben", "Chloe", "Daniel", "Elena", "Felix", "Grace", "Hugo",
    "Isla", "Jonas", "Kira", "Liam", "Maya", "Noah", "Olivia", "Paul",
    "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Xena",
    "Yusuf", "Zoe", "Amir", "Bella", "Carlos", "Dana", "Emil", "Fatima",
    "Gabe", "Hana", "Ivan", "Julia", "Kai", "Lena", "Marco", "Nina",
    "Omar", "Priya", "Rafael", "Sofia", "Theo", "Uma", "Victor", "Wen",
    "Yara", "Zane", "Aisha", "Bruno", "Clara", "Diego", "Eva", "Finn",
    "Greta", "Hiro", "Ines", "Jack",
]
LAST_INITIALS = "ABCDEFGHIJKLMNOPRSTVWZ"


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def click_logit(f):
    """Noise-free click logit from a dict of feature arrays (raw units).

    price_vs_usual_spend is log2(price / usual spend), so the price term is a
    sweet spot at 2**-0.6 = 0.66 x the usual spend.

    logit = -2.4
            + 1.5 * category_affinity
            + 5.0 * category_affinity * (discount_pct / 100)
            - 0.6 * (price_vs_usual_spend + 0.6) ** 2
            + 1.0 * max(0, item_rating - 4.0)
            - 1.5 * max(0, 3.6 - item_rating)
            + 0.3 * (item_popularity - 5)
            + 1.0 * viewed_item_before
            + 1.2 * brand_affinity
            + novelty * (0.4 * user_activity - 2.4)
            + 1.5 * exp(-days_since_category_view / 3)
            - 0.3 * ln(1 + days_since_category_view / 7)
            - 0.3 * max(0, shipping_days - 3)
            + 1.0 * exp(-item_age_days / 30)

    The click label is Bernoulli(sigmoid(logit + e)), e ~ Normal(0, 0.5).
    """
    disc = f["discount_pct"] / 100.0
    aff = f["category_affinity"]
    days = f["days_since_category_view"]
    rating = f["item_rating"]
    return (
        LABEL_INTERCEPT
        + 1.5 * aff
        + 5.0 * aff * disc
        - 0.6 * (f["price_vs_usual_spend"] + 0.6) ** 2
        + 1.0 * np.maximum(0.0, rating - 4.0)
        - 1.5 * np.maximum(0.0, 3.6 - rating)
        + 0.3 * (f["item_popularity"] - 5.0)
        + 1.0 * f["viewed_item_before"]
        + 1.2 * f["brand_affinity"]
        + f["novelty"] * (0.4 * f["user_activity"] - 2.4)
        + 1.5 * np.exp(-days / 3.0)
        - 0.3 * np.log1p(days / 7.0)
        - 0.3 * np.maximum(0.0, f["shipping_days"] - 3.0)
        + 1.0 * np.exp(-f["item_age_days"] / 30.0)
    )


def fmt(x, decimals):
    """Format a number with a fixed number of decimals, no trailing zeros."""
    if decimals == 0:
        return str(int(round(float(x))))
    s = "%.*f" % (decimals, float(x))
    s = s.rstrip("0").rstrip(".")
    if s == "-0":
        s = "0"
    return s


def make_items(rng):
    categories = list(CATALOGUE)
    rows = []
    for c, cat in enumerate(categories):
        adjectives, nouns, brands = CATALOGUE[cat]
        combos = [(a, n) for a in range(len(adjectives)) for n in range(len(nouns))]
        picked = rng.choice(len(combos), size=ITEMS_PER_CATEGORY, replace=False)
        for k in sorted(picked):
            a, n = combos[k]
            noun, base_price = nouns[n]
            title = adjectives[a] + " " + noun
            brand = brands[int(rng.integers(len(brands)))]
            price = base_price * math.exp(rng.normal(0.0, 0.35))
            price = max(2.99, round(price) - 0.01)
            rating = float(np.clip(rng.normal(4.1, 0.55), 1.0, 5.0))
            rating = round(rating, 1)
            views = int(round(math.exp(rng.normal(5.0, 1.3))))
            if rng.random() < 0.6:
                discount = 0
            else:
                discount = int(rng.choice([5, 10, 15, 20, 25, 30, 40, 50]))
            age = int(min(1500, 1 + rng.exponential(300.0)))
            shipping = int(min(14, 1 + rng.poisson(2.0)))
            rows.append({
                "category_index": c,
                "title": title,
                "category": cat,
                "brand": brand,
                "price": price,
                "rating": rating,
                "views_30d": views,
                "discount_pct": discount,
                "age_days": age,
                "shipping_days": shipping,
            })
    for i, row in enumerate(rows):
        row["item_id"] = "i%03d" % (i + 1)
    return rows


def make_users(rng):
    categories = list(CATALOGUE)
    n_cat = len(categories)
    users = []
    used_names = set()
    for u in range(N_USERS):
        while True:
            name = "%s %s." % (
                FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))],
                LAST_INITIALS[int(rng.integers(len(LAST_INITIALS)))],
            )
            if name not in used_names:
                used_names.add(name)
                break
        usual_spend = math.exp(rng.normal(math.log(45.0), 0.6))
        usual_spend = round(min(250.0, max(12.0, usual_spend)), 2)
        activity = round(0.3 + rng.gamma(2.0, 2.5), 1)
        pref = rng.dirichlet(np.full(n_cat, 0.4))
        fav_cats = [int(c) for c in np.argsort(-pref, kind="stable")[:2]]
        # Recent views (last 30 days) by category.
        n_views = int(rng.poisson(activity * 4.0)) + 5
        view_counts = rng.multinomial(n_views, pref)
        days_since = np.empty(n_cat)
        for c in range(n_cat):
            if view_counts[c] > 0:
                days_since[c] = 30.0 * rng.beta(1.0, view_counts[c])
            else:
                days_since[c] = min(365.0, 30.0 + rng.exponential(45.0))
        # Favourite brands: mostly from the favourite categories.
        fav_brands = set()
        for c in fav_cats:
            brands = CATALOGUE[categories[c]][2]
            fav_brands.add(brands[int(rng.integers(len(brands)))])
        other = CATALOGUE[categories[int(rng.choice(n_cat, p=pref))]][2]
        fav_brands.add(other[int(rng.integers(len(other)))])
        users.append({
            "user_id": "u%03d" % (u + 1),
            "name": name,
            "usual_spend": usual_spend,
            "activity": activity,
            "pref": pref,
            "favourite_categories": [categories[c] for c in fav_cats],
            "favourite_brands": sorted(fav_brands),
            "recent_views": n_views,
            "view_counts": view_counts,
            "days_since": days_since,
        })
    return users


def make_candidates(rng, users, items):
    n_items = len(items)
    item_cat = np.array([it["category_index"] for it in items])
    views = np.array([it["views_30d"] for it in items], dtype=float)
    pop_rank = np.argsort(np.argsort(views, kind="stable"), kind="stable")
    pop_pct = pop_rank / (n_items - 1.0)
    rows = []
    for user in users:
        # Candidate generation: mixes the user's taste with global popularity.
        w = (0.7 * user["pref"][item_cat] + 0.3 / 8.0) * np.sqrt(views + 1.0)
        chosen = rng.choice(n_items, size=CANDIDATES_PER_USER, replace=False,
                            p=w / w.sum())
        total_views = float(user["view_counts"].sum())
        for i in sorted(chosen):
            it = items[i]
            c = it["category_index"]
            aff = user["view_counts"][c] / total_views
            if user["view_counts"][c] == 0:
                brand_aff = 0.0
            elif it["brand"] in user["favourite_brands"]:
                brand_aff = rng.beta(4.0, 3.0)
            else:
                brand_aff = rng.beta(0.6, 6.0)
            p_seen = 0.04 + 0.3 * aff + (0.1 if it["brand"] in user["favourite_brands"] else 0.0)
            seen = 1 if rng.random() < p_seen else 0
            novelty = (0.55 * (1.0 - aff) + 0.3 * (1.0 - pop_pct[i])
                       + 0.15 * rng.random() - 0.25 * seen)
            novelty = float(np.clip(novelty, 0.0, 1.0))
            feats = {
                "price_vs_usual_spend": math.log2(it["price"] / user["usual_spend"]),
                "category_affinity": aff,
                "days_since_category_view": user["days_since"][c],
                "item_popularity": math.log1p(it["views_30d"]),
                "item_rating": it["rating"],
                "discount_pct": it["discount_pct"],
                "novelty": novelty,
                "viewed_item_before": seen,
                "brand_affinity": brand_aff,
                "item_age_days": it["age_days"],
                "user_activity": user["activity"],
                "shipping_days": it["shipping_days"],
            }
            # Round now so that the CSV holds exactly the values the label saw.
            feats = {k: float(fmt(v, FEATURE_DECIMALS[k])) for k, v in feats.items()}
            rows.append((user["user_id"], it["item_id"], feats))
    return rows


def add_labels(rng, rows):
    f = {k: np.array([r[2][k] for r in rows]) for k in FEATURES}
    logit = click_logit(f) + rng.normal(0.0, LABEL_NOISE_SD, size=len(rows))
    labels = (rng.random(len(rows)) < sigmoid(logit)).astype(int)
    return labels


def write_csv(path, header, rows):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=here)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    rng = np.random.default_rng(args.seed)
    items = make_items(rng)
    users = make_users(rng)
    rows = make_candidates(rng, users, items)
    labels = add_labels(rng, rows)

    write_csv(
        os.path.join(args.out, "users.csv"),
        ["user_id", "name", "usual_spend", "activity", "favourite_categories",
         "favourite_brands", "recent_views"],
        [[u["user_id"], u["name"], fmt(u["usual_spend"], 2), fmt(u["activity"], 1),
          ";".join(u["favourite_categories"]), ";".join(u["favourite_brands"]),
          u["recent_views"]] for u in users],
    )
    write_csv(
        os.path.join(args.out, "items.csv"),
        ["item_id", "title", "category", "brand", "price", "rating", "views_30d",
         "discount_pct", "age_days", "shipping_days"],
        [[it["item_id"], it["title"], it["category"], it["brand"],
          "%.2f" % it["price"], fmt(it["rating"], 1), it["views_30d"],
          it["discount_pct"], it["age_days"], it["shipping_days"]] for it in items],
    )
    write_csv(
        os.path.join(args.out, "candidates.csv"),
        ["user_id", "item_id"] + FEATURES + ["label"],
        [[uid, iid] + [fmt(feats[k], FEATURE_DECIMALS[k]) for k in FEATURES] + [int(y)]
         for (uid, iid, feats), y in zip(rows, labels)],
    )
    bg = sorted(rng.choice(len(rows), size=N_BACKGROUND, replace=False))
    write_csv(
        os.path.join(args.out, "background.csv"),
        FEATURES,
        [[fmt(rows[i][2][k], FEATURE_DECIMALS[k]) for k in FEATURES] for i in bg],
    )

    print("users: %d  items: %d  candidates: %d  background: %d"
          % (len(users), len(items), len(rows), N_BACKGROUND))
    print("click-through rate: %.3f" % labels.mean())


if __name__ == "__main__":
    main()
