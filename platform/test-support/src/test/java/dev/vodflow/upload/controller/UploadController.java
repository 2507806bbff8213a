package dev.vodflow.upload.controller;

/** A class in a layer package. */
public class UploadController {}
