"""Mistake: scikit-learn's KMeans does the work, against the task's rule (numpy only)."""

from sklearn.cluster import KMeans as _LibraryKMeans


class KMeans(_LibraryKMeans):
    def __init__(
        self, n_clusters=8, n_init=10, max_iter=300, tol=1e-4, random_state=None, init="k-means++"
    ):
        super().__init__(
            n_clusters=n_clusters, n_init=n_init, max_iter=max_iter, tol=tol,
            random_state=random_state, init=init,
        )  # fmt: skip
