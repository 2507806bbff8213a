package dev.vodflow.catalog.video;

import org.springframework.data.repository.ListCrudRepository;

interface VideoRepository extends ListCrudRepository<Video, String> {}
