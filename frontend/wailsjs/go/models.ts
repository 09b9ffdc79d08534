export namespace api {
	
	export class CurrentModels {
	    model_name: string;
	    embedding_model: string;
	
	    static createFrom(source: any = {}) {
	        return new CurrentModels(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.model_name = source["model_name"];
	        this.embedding_model = source["embedding_model"];
	    }
	}
	export class ModelConfig {
	    model_name: string;
	    temperature?: number;
	    max_tokens?: number;
	    context_length?: number;
	    top_p?: number;
	
	    static createFrom(source: any = {}) {
	        return new ModelConfig(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.model_name = source["model_name"];
	        this.temperature = source["temperature"];
	        this.max_tokens = source["max_tokens"];
	        this.context_length = source["context_length"];
	        this.top_p = source["top_p"];
	    }
	}
	export class ModelInfo {
	    name: string;
	    size_bytes: number;
	    family?: string;
	    parameter_size?: string;
	    quantization?: string;
	    modified_at?: string;
	    loaded: boolean;
	    embedding: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ModelInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.size_bytes = source["size_bytes"];
	        this.family = source["family"];
	        this.parameter_size = source["parameter_size"];
	        this.quantization = source["quantization"];
	        this.modified_at = source["modified_at"];
	        this.loaded = source["loaded"];
	        this.embedding = source["embedding"];
	    }
	}
	export class RecommendedModel {
	    name: string;
	    kind: string;
	    size_bytes: number;
	    note: string;
	    installed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RecommendedModel(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.size_bytes = source["size_bytes"];
	        this.note = source["note"];
	        this.installed = source["installed"];
	    }
	}

}

export namespace backup {
	
	export class FileEntry {
	    path: string;
	    size: number;
	    sha256: string;
	
	    static createFrom(source: any = {}) {
	        return new FileEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.size = source["size"];
	        this.sha256 = source["sha256"];
	    }
	}
	export class Manifest {
	    format: number;
	    app_version: string;
	    schema_version: number;
	    created_at: string;
	    reason: string;
	    embedding_model?: string;
	    counts: store.Counts;
	    files: FileEntry[];
	
	    static createFrom(source: any = {}) {
	        return new Manifest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.app_version = source["app_version"];
	        this.schema_version = source["schema_version"];
	        this.created_at = source["created_at"];
	        this.reason = source["reason"];
	        this.embedding_model = source["embedding_model"];
	        this.counts = this.convertValues(source["counts"], store.Counts);
	        this.files = this.convertValues(source["files"], FileEntry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Info {
	    name: string;
	    path: string;
	    size_bytes: number;
	    created_at: string;
	    valid: boolean;
	    error?: string;
	    manifest?: Manifest;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.path = source["path"];
	        this.size_bytes = source["size_bytes"];
	        this.created_at = source["created_at"];
	        this.valid = source["valid"];
	        this.error = source["error"];
	        this.manifest = this.convertValues(source["manifest"], Manifest);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Inspection {
	    name: string;
	    path: string;
	    size_bytes: number;
	    valid: boolean;
	    error?: string;
	    manifest?: Manifest;
	    app_schema_version: number;
	    with_logs: boolean;
	    resets: Reset[];
	
	    static createFrom(source: any = {}) {
	        return new Inspection(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.path = source["path"];
	        this.size_bytes = source["size_bytes"];
	        this.valid = source["valid"];
	        this.error = source["error"];
	        this.manifest = this.convertValues(source["manifest"], Manifest);
	        this.app_schema_version = source["app_schema_version"];
	        this.with_logs = source["with_logs"];
	        this.resets = this.convertValues(source["resets"], Reset);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Reset {
	    key: string;
	    archive: string;
	    kept: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Reset(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.archive = source["archive"];
	        this.kept = source["kept"];
	        this.message = source["message"];
	    }
	}
	export class RestoreResult {
	    restored: string;
	    pre_restore_backup: string;
	    manifest: Manifest;
	    resets: Reset[];
	
	    static createFrom(source: any = {}) {
	        return new RestoreResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.restored = source["restored"];
	        this.pre_restore_backup = source["pre_restore_backup"];
	        this.manifest = this.convertValues(source["manifest"], Manifest);
	        this.resets = this.convertValues(source["resets"], Reset);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace chat {
	
	export class Timings {
	    retrieval_ms: number;
	    first_token_ms?: number;
	    total_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new Timings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.retrieval_ms = source["retrieval_ms"];
	        this.first_token_ms = source["first_token_ms"];
	        this.total_ms = source["total_ms"];
	    }
	}
	export class Citation {
	    n: number;
	    chunk_id: number;
	    title: string;
	    section: string;
	    url: string;
	    snippet: string;
	    fetched_at?: string;
	    score: number;
	
	    static createFrom(source: any = {}) {
	        return new Citation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.n = source["n"];
	        this.chunk_id = source["chunk_id"];
	        this.title = source["title"];
	        this.section = source["section"];
	        this.url = source["url"];
	        this.snippet = source["snippet"];
	        this.fetched_at = source["fetched_at"];
	        this.score = source["score"];
	    }
	}
	export class Answer {
	    session_id: string;
	    question_id: number;
	    message_id: number;
	    kind: string;
	    text: string;
	    citations: Citation[];
	    model?: string;
	    status: string;
	    mode: string;
	    note?: string;
	    cached: boolean;
	    timing: Timings;
	
	    static createFrom(source: any = {}) {
	        return new Answer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session_id = source["session_id"];
	        this.question_id = source["question_id"];
	        this.message_id = source["message_id"];
	        this.kind = source["kind"];
	        this.text = source["text"];
	        this.citations = this.convertValues(source["citations"], Citation);
	        this.model = source["model"];
	        this.status = source["status"];
	        this.mode = source["mode"];
	        this.note = source["note"];
	        this.cached = source["cached"];
	        this.timing = this.convertValues(source["timing"], Timings);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Message {
	    id: number;
	    role: string;
	    content: string;
	    kind: string;
	    status: string;
	    model?: string;
	    citations: Citation[];
	    created_at: string;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.role = source["role"];
	        this.content = source["content"];
	        this.kind = source["kind"];
	        this.status = source["status"];
	        this.model = source["model"];
	        this.citations = this.convertValues(source["citations"], Citation);
	        this.created_at = source["created_at"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Conversation {
	    id: string;
	    title: string;
	    created_at: string;
	    updated_at: string;
	    messages: number;
	    history: Message[];
	
	    static createFrom(source: any = {}) {
	        return new Conversation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.created_at = source["created_at"];
	        this.updated_at = source["updated_at"];
	        this.messages = source["messages"];
	        this.history = this.convertValues(source["history"], Message);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Options {
	    temperature?: number;
	    max_tokens?: number;
	    context_length?: number;
	    top_p?: number;
	
	    static createFrom(source: any = {}) {
	        return new Options(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.temperature = source["temperature"];
	        this.max_tokens = source["max_tokens"];
	        this.context_length = source["context_length"];
	        this.top_p = source["top_p"];
	    }
	}
	export class Request {
	    session_id?: string;
	    question: string;
	    max_sources?: number;
	    model?: string;
	    options?: Options;
	    no_cache?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Request(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session_id = source["session_id"];
	        this.question = source["question"];
	        this.max_sources = source["max_sources"];
	        this.model = source["model"];
	        this.options = this.convertValues(source["options"], Options);
	        this.no_cache = source["no_cache"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace desktop {
	
	export class BackupList {
	    folder: string;
	    backups: backup.Info[];
	
	    static createFrom(source: any = {}) {
	        return new BackupList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.folder = source["folder"];
	        this.backups = this.convertValues(source["backups"], backup.Info);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Exported {
	    filename: string;
	    content: string;
	
	    static createFrom(source: any = {}) {
	        return new Exported(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filename = source["filename"];
	        this.content = source["content"];
	    }
	}
	export class LogPage {
	    records: logging.Entry[];
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new LogPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.records = this.convertValues(source["records"], logging.Entry);
	        this.count = source["count"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MaintenancePage {
	    jobs: maintenance.JobStatus[];
	
	    static createFrom(source: any = {}) {
	        return new MaintenancePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.jobs = this.convertValues(source["jobs"], maintenance.JobStatus);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ModelList {
	    models: api.ModelInfo[];
	    current_model: string;
	    embedding_model: string;
	    recommended: api.RecommendedModel[];
	
	    static createFrom(source: any = {}) {
	        return new ModelList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.models = this.convertValues(source["models"], api.ModelInfo);
	        this.current_model = source["current_model"];
	        this.embedding_model = source["embedding_model"];
	        this.recommended = this.convertValues(source["recommended"], api.RecommendedModel);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ResetResult {
	    status: string;
	    deleted: number;
	
	    static createFrom(source: any = {}) {
	        return new ResetResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.deleted = source["deleted"];
	    }
	}
	export class SwitchResult {
	    status: string;
	    previous: api.CurrentModels;
	    current: api.CurrentModels;
	    model_name: string;
	
	    static createFrom(source: any = {}) {
	        return new SwitchResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.previous = this.convertValues(source["previous"], api.CurrentModels);
	        this.current = this.convertValues(source["current"], api.CurrentModels);
	        this.model_name = source["model_name"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VerifyResult {
	    name: string;
	    valid: boolean;
	    error?: string;
	    manifest?: backup.Manifest;
	
	    static createFrom(source: any = {}) {
	        return new VerifyResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.valid = source["valid"];
	        this.error = source["error"];
	        this.manifest = this.convertValues(source["manifest"], backup.Manifest);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace ingest {
	
	export class Problem {
	    url: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.reason = source["reason"];
	    }
	}
	export class Progress {
	    Done: number;
	    Total: number;
	    Chunks: number;
	    Errors: number;
	    URL: string;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Done = source["Done"];
	        this.Total = source["Total"];
	        this.Chunks = source["Chunks"];
	        this.Errors = source["Errors"];
	        this.URL = source["URL"];
	    }
	}
	export class Report {
	    added: number;
	    updated: number;
	    unchanged: number;
	    removed: number;
	    failed: Problem[];
	    skipped: Problem[];
	    chunks: number;
	    truncated: boolean;
	    duration: number;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.added = source["added"];
	        this.updated = source["updated"];
	        this.unchanged = source["unchanged"];
	        this.removed = source["removed"];
	        this.failed = this.convertValues(source["failed"], Problem);
	        this.skipped = this.convertValues(source["skipped"], Problem);
	        this.chunks = source["chunks"];
	        this.truncated = source["truncated"];
	        this.duration = source["duration"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SourceRequest {
	    kind: string;
	    location: string;
	    prefix?: string;
	    max_depth?: number;
	    max_pages?: number;
	
	    static createFrom(source: any = {}) {
	        return new SourceRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.location = source["location"];
	        this.prefix = source["prefix"];
	        this.max_depth = source["max_depth"];
	        this.max_pages = source["max_pages"];
	    }
	}
	export class SyncStatus {
	    running: boolean;
	    source_id: number;
	    kind: string;
	    location: string;
	    started_at: string;
	    finished_at: string;
	    progress: Progress;
	    report?: Report;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.source_id = source["source_id"];
	        this.kind = source["kind"];
	        this.location = source["location"];
	        this.started_at = source["started_at"];
	        this.finished_at = source["finished_at"];
	        this.progress = this.convertValues(source["progress"], Progress);
	        this.report = this.convertValues(source["report"], Report);
	        this.error = source["error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace llm {
	
	export class Status {
	    host: string;
	    reachable: boolean;
	    version?: string;
	    error?: string;
	    phase?: string;
	    started_by_us?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.reachable = source["reachable"];
	        this.version = source["version"];
	        this.error = source["error"];
	        this.phase = source["phase"];
	        this.started_by_us = source["started_by_us"];
	    }
	}

}

export namespace logging {
	
	export class Entry {
	    time: string;
	    level: string;
	    message: string;
	    attrs?: Record<string, any>;
	    raw: string;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.time = source["time"];
	        this.level = source["level"];
	        this.message = source["message"];
	        this.attrs = source["attrs"];
	        this.raw = source["raw"];
	    }
	}

}

export namespace maintenance {
	
	export class JobStatus {
	    name: string;
	    enabled: boolean;
	    interval: string;
	    schedule: string;
	    last_run?: string;
	    last_ok: boolean;
	    last_result?: string;
	    last_error?: string;
	    last_success?: string;
	    seconds: number;
	    failures: number;
	    next_run?: string;
	    running: boolean;
	
	    static createFrom(source: any = {}) {
	        return new JobStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.enabled = source["enabled"];
	        this.interval = source["interval"];
	        this.schedule = source["schedule"];
	        this.last_run = source["last_run"];
	        this.last_ok = source["last_ok"];
	        this.last_result = source["last_result"];
	        this.last_error = source["last_error"];
	        this.last_success = source["last_success"];
	        this.seconds = source["seconds"];
	        this.failures = source["failures"];
	        this.next_run = source["next_run"];
	        this.running = source["running"];
	    }
	}

}

export namespace monitor {
	
	export class Thresholds {
	    memory_usage_percent: number;
	    disk_usage_percent: number;
	    cpu_usage_percent: number;
	    response_time_ms: number;
	    error_rate_percent: number;
	
	    static createFrom(source: any = {}) {
	        return new Thresholds(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.memory_usage_percent = source["memory_usage_percent"];
	        this.disk_usage_percent = source["disk_usage_percent"];
	        this.cpu_usage_percent = source["cpu_usage_percent"];
	        this.response_time_ms = source["response_time_ms"];
	        this.error_rate_percent = source["error_rate_percent"];
	    }
	}
	export class AlertReport {
	    level: string;
	    active: store.AlertEvent[];
	    recent: store.AlertEvent[];
	    thresholds: Thresholds;
	    ollama: llm.Status;
	
	    static createFrom(source: any = {}) {
	        return new AlertReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.level = source["level"];
	        this.active = this.convertValues(source["active"], store.AlertEvent);
	        this.recent = this.convertValues(source["recent"], store.AlertEvent);
	        this.thresholds = this.convertValues(source["thresholds"], Thresholds);
	        this.ollama = this.convertValues(source["ollama"], llm.Status);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CacheStats {
	    enabled: boolean;
	    entries: number;
	    hits: number;
	    misses: number;
	    hit_rate: number;
	
	    static createFrom(source: any = {}) {
	        return new CacheStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.entries = source["entries"];
	        this.hits = source["hits"];
	        this.misses = source["misses"];
	        this.hit_rate = source["hit_rate"];
	    }
	}
	export class CheckResult {
	    status: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new CheckResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.detail = source["detail"];
	    }
	}
	export class DetailedHealth {
	    status: string;
	    version: string;
	    // Go type: time
	    time: any;
	    checks: Record<string, CheckResult>;
	
	    static createFrom(source: any = {}) {
	        return new DetailedHealth(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.version = source["version"];
	        this.time = this.convertValues(source["time"], null);
	        this.checks = this.convertValues(source["checks"], CheckResult, true);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HealthReport {
	    status: string;
	    version: string;
	    // Go type: time
	    time: any;
	    checks: Record<string, CheckResult>;
	
	    static createFrom(source: any = {}) {
	        return new HealthReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.version = source["version"];
	        this.time = this.convertValues(source["time"], null);
	        this.checks = this.convertValues(source["checks"], CheckResult, true);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class History {
	    hours: number;
	    interval_seconds: number;
	    samples: store.ResourceSample[];
	
	    static createFrom(source: any = {}) {
	        return new History(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hours = source["hours"];
	        this.interval_seconds = source["interval_seconds"];
	        this.samples = this.convertValues(source["samples"], store.ResourceSample);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IndexState {
	    sources: number;
	    pages: number;
	    chunks: number;
	    last_synced: string;
	    syncing: boolean;
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new IndexState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sources = source["sources"];
	        this.pages = source["pages"];
	        this.chunks = source["chunks"];
	        this.last_synced = source["last_synced"];
	        this.syncing = source["syncing"];
	        this.error = source["error"];
	    }
	}
	export class OllamaProcess {
	    running: boolean;
	    pids: number[];
	    rss_mb: number;
	    cpu_percent: number;
	
	    static createFrom(source: any = {}) {
	        return new OllamaProcess(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.pids = source["pids"];
	        this.rss_mb = source["rss_mb"];
	        this.cpu_percent = source["cpu_percent"];
	    }
	}
	export class OpStats {
	    average_response_time: number;
	    total_requests: number;
	    errors: number;
	    p50: number;
	    p95: number;
	    p99: number;
	    max_response_time: number;
	    error_rate: number;
	    error_rate_percent: number;
	    requests_per_minute: number;
	
	    static createFrom(source: any = {}) {
	        return new OpStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.average_response_time = source["average_response_time"];
	        this.total_requests = source["total_requests"];
	        this.errors = source["errors"];
	        this.p50 = source["p50"];
	        this.p95 = source["p95"];
	        this.p99 = source["p99"];
	        this.max_response_time = source["max_response_time"];
	        this.error_rate = source["error_rate"];
	        this.error_rate_percent = source["error_rate_percent"];
	        this.requests_per_minute = source["requests_per_minute"];
	    }
	}
	export class Overview {
	    version: string;
	    data_home: string;
	    config_file: string;
	    ollama: llm.Status;
	
	    static createFrom(source: any = {}) {
	        return new Overview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.data_home = source["data_home"];
	        this.config_file = source["config_file"];
	        this.ollama = this.convertValues(source["ollama"], llm.Status);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Performance {
	    performance_stats: Record<string, OpStats>;
	    hours: number;
	    // Go type: time
	    since: any;
	    time_unit: string;
	
	    static createFrom(source: any = {}) {
	        return new Performance(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.performance_stats = this.convertValues(source["performance_stats"], OpStats, true);
	        this.hours = source["hours"];
	        this.since = this.convertValues(source["since"], null);
	        this.time_unit = source["time_unit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class QueueStats {
	    running: number;
	    queue_depth: number;
	    max_concurrent_requests: number;
	    max_queue_size: number;
	    refused: number;
	    timed_out: number;
	
	    static createFrom(source: any = {}) {
	        return new QueueStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.queue_depth = source["queue_depth"];
	        this.max_concurrent_requests = source["max_concurrent_requests"];
	        this.max_queue_size = source["max_queue_size"];
	        this.refused = source["refused"];
	        this.timed_out = source["timed_out"];
	    }
	}
	export class SystemStatus {
	    status: string;
	    version: string;
	    // Go type: time
	    time: any;
	    uptime_seconds: number;
	    data_home: string;
	    config_file: string;
	    checks: Record<string, CheckResult>;
	    ollama: llm.Status;
	    // Go type: time
	    sampled_at: any;
	    cpu_percent: number;
	    process_cpu_percent: number;
	    memory_usage_mb: number;
	    memory_total_mb: number;
	    memory_usage_percent: number;
	    process_memory_mb: number;
	    disk_usage_mb: number;
	    disk_total_mb: number;
	    disk_free_mb: number;
	    disk_usage_percent: number;
	    ollama_process: OllamaProcess;
	    active_sessions: number;
	    active_requests: number;
	    queue_depth: number;
	    queue: QueueStats;
	    cache: CacheStats;
	    cache_hit_rate: number;
	    index: IndexState;
	    alert_level: string;
	    active_alerts: number;
	
	    static createFrom(source: any = {}) {
	        return new SystemStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.version = source["version"];
	        this.time = this.convertValues(source["time"], null);
	        this.uptime_seconds = source["uptime_seconds"];
	        this.data_home = source["data_home"];
	        this.config_file = source["config_file"];
	        this.checks = this.convertValues(source["checks"], CheckResult, true);
	        this.ollama = this.convertValues(source["ollama"], llm.Status);
	        this.sampled_at = this.convertValues(source["sampled_at"], null);
	        this.cpu_percent = source["cpu_percent"];
	        this.process_cpu_percent = source["process_cpu_percent"];
	        this.memory_usage_mb = source["memory_usage_mb"];
	        this.memory_total_mb = source["memory_total_mb"];
	        this.memory_usage_percent = source["memory_usage_percent"];
	        this.process_memory_mb = source["process_memory_mb"];
	        this.disk_usage_mb = source["disk_usage_mb"];
	        this.disk_total_mb = source["disk_total_mb"];
	        this.disk_free_mb = source["disk_free_mb"];
	        this.disk_usage_percent = source["disk_usage_percent"];
	        this.ollama_process = this.convertValues(source["ollama_process"], OllamaProcess);
	        this.active_sessions = source["active_sessions"];
	        this.active_requests = source["active_requests"];
	        this.queue_depth = source["queue_depth"];
	        this.queue = this.convertValues(source["queue"], QueueStats);
	        this.cache = this.convertValues(source["cache"], CacheStats);
	        this.cache_hit_rate = source["cache_hit_rate"];
	        this.index = this.convertValues(source["index"], IndexState);
	        this.alert_level = source["alert_level"];
	        this.active_alerts = source["active_alerts"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace search {
	
	export class Hit {
	    chunk_id: number;
	    score: number;
	    title: string;
	    section: string;
	    url: string;
	    text: string;
	    snippet: string;
	    fetched_at?: string;
	
	    static createFrom(source: any = {}) {
	        return new Hit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chunk_id = source["chunk_id"];
	        this.score = source["score"];
	        this.title = source["title"];
	        this.section = source["section"];
	        this.url = source["url"];
	        this.text = source["text"];
	        this.snippet = source["snippet"];
	        this.fetched_at = source["fetched_at"];
	    }
	}
	export class Result {
	    query: string;
	    mode: string;
	    reason?: string;
	    note?: string;
	    hits: Hit[];
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.mode = source["mode"];
	        this.reason = source["reason"];
	        this.note = source["note"];
	        this.hits = this.convertValues(source["hits"], Hit);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace store {
	
	export class AlertEvent {
	    id: number;
	    // Go type: time
	    time: any;
	    metric: string;
	    state: string;
	    value: number;
	    threshold: number;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new AlertEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.time = this.convertValues(source["time"], null);
	        this.metric = source["metric"];
	        this.state = source["state"];
	        this.value = source["value"];
	        this.threshold = source["threshold"];
	        this.message = source["message"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Counts {
	    sources: number;
	    pages: number;
	    chunks: number;
	    sessions: number;
	    messages: number;
	
	    static createFrom(source: any = {}) {
	        return new Counts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sources = source["sources"];
	        this.pages = source["pages"];
	        this.chunks = source["chunks"];
	        this.sessions = source["sessions"];
	        this.messages = source["messages"];
	    }
	}
	export class PageInfo {
	    url: string;
	    title: string;
	    status: string;
	    error: string;
	    fetched_at: string;
	
	    static createFrom(source: any = {}) {
	        return new PageInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.title = source["title"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.fetched_at = source["fetched_at"];
	    }
	}
	export class ResourceSample {
	    // Go type: time
	    time: any;
	    cpu_percent: number;
	    memory_percent: number;
	    memory_used_mb: number;
	    process_rss_mb: number;
	    disk_percent: number;
	    disk_used_mb: number;
	    ollama_rss_mb: number;
	
	    static createFrom(source: any = {}) {
	        return new ResourceSample(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.time = this.convertValues(source["time"], null);
	        this.cpu_percent = source["cpu_percent"];
	        this.memory_percent = source["memory_percent"];
	        this.memory_used_mb = source["memory_used_mb"];
	        this.process_rss_mb = source["process_rss_mb"];
	        this.disk_percent = source["disk_percent"];
	        this.disk_used_mb = source["disk_used_mb"];
	        this.ollama_rss_mb = source["ollama_rss_mb"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Session {
	    id: string;
	    title: string;
	    created_at: string;
	    updated_at: string;
	    messages: number;
	
	    static createFrom(source: any = {}) {
	        return new Session(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.created_at = source["created_at"];
	        this.updated_at = source["updated_at"];
	        this.messages = source["messages"];
	    }
	}
	export class SourceSummary {
	    id: number;
	    kind: string;
	    location: string;
	    name: string;
	    settings: string;
	    pages: number;
	    chunks: number;
	    failed: number;
	    skipped: number;
	    last_synced: string;
	
	    static createFrom(source: any = {}) {
	        return new SourceSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.location = source["location"];
	        this.name = source["name"];
	        this.settings = source["settings"];
	        this.pages = source["pages"];
	        this.chunks = source["chunks"];
	        this.failed = source["failed"];
	        this.skipped = source["skipped"];
	        this.last_synced = source["last_synced"];
	    }
	}

}

